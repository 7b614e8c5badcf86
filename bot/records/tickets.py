"""Hand-off tickets (转人工): opened by workers, worked on by union staff."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import RowMapping, func, insert, select, update

from bot.errors import BotError, NotFoundError
from bot.records.db import CHINA_TZ, Database, RecordError, check_length, iso
from bot.records.schema import tickets
from bot.text.redact import mask_phone, parse_phone, redact
from bot.vocab import MAX_NAME_CHARS, MAX_TEXT_CHARS, TICKET_CATEGORIES, TICKET_STATUSES


@dataclass(frozen=True)
class Ticket:
    """A hand-off to union staff, who call the worker back."""

    number: str  # GH20261125-0007: China date and per-day sequence
    category: str  # one of TICKET_CATEGORIES
    description: str  # redacted
    phone: str  # full contact phone from get_ticket, masked in list_tickets
    name: str
    status: str  # one of TICKET_STATUSES
    staff_note: str
    created_at: datetime  # UTC
    updated_at: datetime  # UTC


def ticket_from_row(row: RowMapping) -> Ticket:
    return Ticket(
        number=row["number"],
        category=row["category"],
        description=row["description"],
        phone=row["phone"],
        name=row["name"],
        status=row["status"],
        staff_note=row["staff_note"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


class TicketChangedError(BotError):
    """Someone else saved the ticket after this editor opened it; `current` is what is stored now."""

    status = 409

    def __init__(self, message: str, current: Ticket):
        super().__init__(message)
        self.current = current


def check_ticket_status(status: str | None) -> None:
    """RecordError for a status that is not one of TICKET_STATUSES."""
    if status is not None and status not in TICKET_STATUSES:
        raise RecordError(f"工单状态只能是：{'、'.join(TICKET_STATUSES)}")


class TicketStore:
    """Opens, reads, lists and updates tickets."""

    def __init__(self, db: Database):
        self.db = db

    def create(self, category: str, description: str, phone: str, name: str = "") -> Ticket:
        """Open a ticket (status 待处理) for staff to call the worker back; the number is GH<China date>-<seq>."""
        if category not in TICKET_CATEGORIES:
            raise RecordError(f"诉求类别只能是：{'、'.join(TICKET_CATEGORIES)}")
        description = (description or "").strip()
        if not description:
            raise RecordError("请简要描述您遇到的问题，方便工作人员回电时了解情况")
        check_length(description, MAX_TEXT_CHARS, "问题描述")
        contact = parse_phone(phone or "")
        if contact is None:
            raise RecordError("联系电话格式不正确，请填写 11 位手机号，或带区号的固定电话（如 0663-1234567）")
        name = (name or "").strip()
        check_length(name, MAX_NAME_CHARS, "姓名")
        now = self.db.now()
        day = now.astimezone(CHINA_TZ).strftime("%Y%m%d")
        with self.db.connection("create ticket", write=True) as conn:
            # Safe under concurrency: SQLite's IMMEDIATE transaction holds the write lock from this read to the
            # insert, across threads and processes; on PostgreSQL an advisory lock per day does the same
            # across replicas. UNIQUE (day, seq) backs both up.
            self.db.lock(conn, f"tickets:{day}")
            seq = conn.execute(
                select(func.coalesce(func.max(tickets.c.seq), 0) + 1).where(tickets.c.day == day)
            ).scalar_one()
            number = f"GH{day}-{seq:04d}"
            conn.execute(
                insert(tickets).values(
                    number=number,
                    day=day,
                    seq=seq,
                    category=category,
                    description=redact(description),
                    phone=contact,
                    name=redact(name),
                    status=TICKET_STATUSES[0],
                    staff_note="",
                    created_at=iso(now),
                    updated_at=iso(now),
                )
            )
            row = conn.execute(select(tickets).where(tickets.c.number == number)).mappings().one()
        return ticket_from_row(row)

    def get(self, number: str) -> Ticket:
        """The ticket with its full contact phone; NotFoundError if there is none with this number."""
        with self.db.connection("read ticket") as conn:
            row = (
                conn.execute(select(tickets).where(tickets.c.number == number.strip().upper()))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFoundError(f"找不到工单 {number[:40]}")
        return ticket_from_row(row)

    def list(self, status: str | None = None, limit: int = 50) -> list[Ticket]:
        """Newest tickets first, optionally of one status; contact phones are masked (138****5678)."""
        check_ticket_status(status)
        if limit < 1:
            raise RecordError("limit 必须是正整数")
        with self.db.connection("list tickets") as conn:
            query = select(tickets).order_by(tickets.c.id.desc()).limit(limit)
            if status is not None:
                query = query.where(tickets.c.status == status)
            rows = conn.execute(query).mappings().all()
        return [replace(ticket, phone=mask_phone(ticket.phone)) for ticket in map(ticket_from_row, rows)]

    def update(
        self,
        number: str,
        status: str | None = None,
        staff_note: str | None = None,
        expected_updated_at: datetime | None = None,
    ) -> Ticket:
        """Change a ticket's status and/or staff note (redacted); returns the updated ticket.

        With `expected_updated_at` (the version the editor opened), a ticket saved by someone else since then
        is not overwritten: TicketChangedError (409) carries the stored ticket, so the editor can merge."""
        check_ticket_status(status)
        if staff_note is not None:
            staff_note = staff_note.strip()
            check_length(staff_note, MAX_TEXT_CHARS, "处理备注")
            staff_note = redact(staff_note)
        number = number.strip().upper()
        with self.db.connection("update ticket", write=True) as conn:
            # FOR UPDATE (PostgreSQL): a save on another replica waits for this one, then sees its updated_at.
            stored = (
                conn.execute(select(tickets).where(tickets.c.number == number).with_for_update())
                .mappings()
                .first()
            )
            if stored is None:
                raise NotFoundError(f"找不到工单 {number[:40]}")
            if expected_updated_at is not None and stored["updated_at"] != iso(expected_updated_at):
                raise TicketChangedError(
                    "保存失败：您打开工单后，其他同事已修改了这张工单。下面是最新内容和您填写的内容，请核对后重新保存。",
                    ticket_from_row(stored),
                )
            changes = {
                name: value
                for name, value in (("status", status), ("staff_note", staff_note))
                if value is not None
            }
            if changes:
                conn.execute(
                    update(tickets)
                    .where(tickets.c.number == number)
                    .values(**changes, updated_at=iso(self.db.now()))
                )
            row = conn.execute(select(tickets).where(tickets.c.number == number)).mappings().one()
        return ticket_from_row(row)

    def counts(self) -> dict[str, int]:
        """Number of tickets per status, every status present (0 when none)."""
        with self.db.connection("count tickets") as conn:
            rows = conn.execute(
                select(tickets.c.status, func.count().label("n")).group_by(tickets.c.status)
            ).mappings()
        counts = dict.fromkeys(TICKET_STATUSES, 0)
        counts.update({row["status"]: row["n"] for row in rows})
        return counts

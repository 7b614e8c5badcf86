"""Answer sections as plain text (the one text renderer; HTML comes from the Jinja macro in _answer.html)."""

from __future__ import annotations

from bot.answering.answer import Line, Section, SectionKind


def render_line(line: Line) -> str:
    """A line's parts, each followed by its [n] marker."""
    return "".join(p.text + (f"[{p.cite}]" if p.cite is not None else "") for p in line.parts)


def render_section(section: Section) -> str:
    """One block: paragraphs, or a titled list (numbered for steps)."""
    if section.kind is SectionKind.STEPS:
        body = [f"{i}. {render_line(line)}" for i, line in enumerate(section.lines, start=1)]
    else:
        body = [render_line(line) for line in section.lines]
    if section.title:
        body.insert(0, f"{section.title}：")
    return "\n".join(body)


def render_text(sections: tuple[Section, ...] | list[Section]) -> str:
    """The whole answer as text: blocks separated by a blank line."""
    return "\n\n".join(render_section(s) for s in sections)


def section_dict(section: Section) -> dict:
    """JSON-ready form of a section (what the API returns and the page's script draws)."""
    return {
        "kind": section.kind.value,
        "title": section.title,
        "lines": [
            {
                "parts": [{"text": p.text, "cite": p.cite} for p in line.parts],
                "citations": list(line.citations),
            }
            for line in section.lines
        ],
    }

"""One place builds the running parts: embedder, served index, retriever, assistant, records, build job.

Used by the web app and by every CLI command; tests hand in a fake embedder instead of patching loaders.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.answering.assistant import Assistant
from bot.answering.calculation import local_figures
from bot.answering.calculators import LocalFigure
from bot.answering.referral import DeclinedSource, ReferralCheck
from bot.answering.writer import AnswerWriter
from bot.config import Settings
from bot.errors import BotError
from bot.index.batching import batched
from bot.index.build import build_index
from bot.index.embedders import Embedder, channels, load_embedder, second_channel_names, with_second
from bot.index.follow import KnowledgeFollower
from bot.index.index import Index, Manifest
from bot.index.jobs import BuildJob
from bot.index.reload import IndexReloader, KnowledgeWatcher, open_serving
from bot.index.search import Retriever, make_retriever
from bot.index.serving import ServingIndex
from bot.index.versions import IndexStore
from bot.knowledge.documents import DocumentStore
from bot.knowledge.folder import read_knowledge
from bot.knowledge.shared import SharedDocumentStore, folder_documents
from bot.records.db import private_folder
from bot.records.documents import SharedDocuments
from bot.records.store import Records

logger = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a serving process (or a CLI command) works with, built once."""

    settings: Settings
    embedder: Embedder
    serving: ServingIndex
    retriever: Retriever
    assistant: Assistant
    index_store: IndexStore | None = None
    records: Records | None = None
    reloader: IndexReloader | None = None
    build_job: BuildJob | None = None
    writer: AnswerWriter | None = None
    watcher: KnowledgeWatcher | None = field(default=None, repr=False)
    # PostgreSQL mode: the knowledge documents in the database and the follower that mirrors them here.
    shared_documents: SharedDocuments | None = None
    follower: KnowledgeFollower | None = field(default=None, repr=False)
    local_figures: tuple[LocalFigure, ...] = ()

    def index(self) -> Index:
        """The index being served now."""
        return self.serving.current()

    def document_store(self) -> DocumentStore | SharedDocumentStore:
        """The knowledge documents staff edit: the folder, or with PostgreSQL the shared table (validated
        against it, mirrored into the folder; every replica follows)."""
        if self.shared_documents is not None:
            return SharedDocumentStore(self.settings.knowledge_dir, self.shared_documents.writing)
        return DocumentStore(self.settings.knowledge_dir)

    def start(self) -> None:
        """Start background work (the knowledge-folder watcher when enabled; with PostgreSQL, seeding an
        empty documents table from the knowledge folder and following the knowledge revision)."""
        if self.watcher is not None:
            self.watcher.start()
        if self.shared_documents is not None and self.follower is not None:
            try:
                if self.shared_documents.seed(folder_documents(self.settings.knowledge_dir)):
                    logger.info("seeded the shared knowledge from %s", self.settings.knowledge_dir)
            except BotError as exc:
                logger.warning("could not seed the shared knowledge: %s", exc.message)
            self.follower.start()

    def close(self) -> None:
        """Stop background work and release connections."""
        if self.watcher is not None:
            self.watcher.stop()
        if self.follower is not None:
            self.follower.stop()
        if self.records is not None:
            self.records.close()
        if self.writer is not None:
            self.writer.close()
        close_embedder = getattr(self.embedder, "close", None)
        if close_embedder is not None:
            close_embedder()


def embedder_for(settings: Settings, offline_build: bool = False) -> Embedder:
    """The configured embedder with the thread count for serving or for an offline build."""
    threads = settings.build_threads if offline_build else settings.embedder_threads
    main = load_embedder(settings.embedder, threads, settings.st_model)
    # Builds embed many passages in batches, where the numpy e5 engine is ~1.6x as fast (same vectors).
    engine = "numpy" if offline_build else settings.e5_engine

    def load_second(kind: str, threads: int) -> Embedder:
        return load_embedder(kind, threads, e5_engine=engine)

    return with_second(main, settings.second_embedder, load_second, threads)


def serving_settings(settings: Settings, store: IndexStore) -> Settings:
    """The settings, without the second dense channel when the current index has no vectors for it.

    A version built before the second model was installed (or with it switched off) is still served, on the
    main model alone, and the model that could not be used is not loaded; `bot index build` adds its vectors.
    """
    wanted = second_channel_names(settings.second_embedder)
    if not wanted:
        return settings
    try:
        present = Manifest.read(store.current_path()).channel_ids()
    except (OSError, ValueError, TypeError, BotError):
        return settings  # the load that follows reports what is wrong with this version (or falls back)
    if all(any(channel.startswith(name + "/") for channel in present) for name in wanted):
        return settings
    logger.warning(
        "index %s has no %s vectors: serving with %s alone; run `bot index build` to add them",
        store.current_version(),
        ", ".join(wanted),
        settings.embedder,
    )
    return settings.model_copy(update={"second_embedder": "none"})


def make_assistant(
    settings: Settings,
    retriever: Retriever,
    writer: AnswerWriter | None = None,
    figures: tuple[LocalFigure, ...] = (),
    declined: DeclinedSource | None = None,
    today: dt.date | None = None,
) -> Assistant:
    """An Assistant configured from the settings; `declined` adds the questions staff marked "should be
    declined" to the scope check's examples (the serving runtime passes its records); `today` fixes the day
    the stories are read on (the evaluation's; the calendar's when None)."""
    return Assistant(
        retriever,
        settings.refusal_threshold,
        settings.off_domain_threshold,
        writer,
        settings.answer_k,
        hedge_threshold=settings.hedge_threshold,
        referral=ReferralCheck(
            channels(retriever.embedder)[0],
            settings.referral_margin,
            declined=declined,
            classifier_weight=settings.referral_classifier_weight,
        ),
        figures=figures,
        today=None if today is None else (lambda: today),
        home_region=settings.home_region or None,
    )


def make_writer(settings: Settings) -> AnswerWriter | None:
    """The optional language-model writer, when one is configured."""
    if settings.llm_base_url and settings.llm_model:
        return AnswerWriter(
            settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout
        )
    return None


def build_runtime(settings: Settings, embedder: Embedder | None = None) -> Runtime:
    """The serving runtime: the current index version, records, build job and reloader.

    IndexMissingError before the model loads when nothing was built.
    """
    store = IndexStore(settings.index_dir)
    if not store.versions():
        store.current_path()  # fail fast, before loading the model, when nothing was built
    if embedder is None:
        embedder = embedder_for(serving_settings(settings, store))
        if settings.batch_queries:
            embedder = batched(embedder)
    serving = open_serving(store, embedder)
    retriever = make_retriever(settings, embedder, serving)
    writer = make_writer(settings)
    reloader = IndexReloader(store, embedder, serving)
    build_job = BuildJob(
        settings.knowledge_dir,
        store,
        embedder,
        settings.chunk_chars,
        current=serving.current,
        on_success=serving.swap,
    )
    watcher = None
    if settings.watch:
        watcher = KnowledgeWatcher(
            settings.knowledge_dir,
            current_files=lambda: serving.current().manifest.files,
            rebuild=build_job.start,
        )
    private_folder(settings.data_dir)
    logger.info("index %s loaded (%d chunks)", serving.version, serving.current().count())
    records = Records(settings.database_target())
    shared, follower = None, None
    if settings.uses_postgres():
        shared = SharedDocuments(records.db)
        follower = KnowledgeFollower(
            shared.revision,
            shared.all,
            shared.build_lock,
            settings.knowledge_dir,
            store,
            embedder,
            serving,
            settings.chunk_chars,
        )
    figures = local_figures(settings.knowledge_dir)
    assistant = make_assistant(settings, retriever, writer, figures, declined=records.teaching)
    # What answers derive from the index (scope classifier, hub topics, term lists: ~0.1 s here, seconds at
    # 10,000 snippets) now, and for every later version before it is swapped in, not at a worker's question.
    assistant.warm(serving.current())
    serving.prepare_with(assistant.warm)
    return Runtime(
        settings=settings,
        embedder=embedder,
        serving=serving,
        retriever=retriever,
        assistant=assistant,
        index_store=store,
        records=records,
        reloader=reloader,
        build_job=build_job,
        writer=writer,
        watcher=watcher,
        shared_documents=shared,
        follower=follower,
        local_figures=figures,
    )


def evaluation_runtime(
    settings: Settings,
    knowledge_dir: Path | None = None,
    embedder: Embedder | None = None,
    snippets: list | None = None,
    today: dt.date | None = None,
) -> Runtime:
    """An assistant over an in-memory index built from the knowledge folder as it is (for `bot eval`), or
    from `snippets` when given (the cold evaluation's question-less copies); `today` as in `make_assistant`."""
    if snippets is None:
        snippets = read_knowledge(knowledge_dir or settings.knowledge_dir)
    embedder = embedder or embedder_for(settings, offline_build=True)
    serving = ServingIndex(build_index(snippets, embedder, settings.chunk_chars))
    retriever = make_retriever(settings, embedder, serving)
    figures = local_figures(knowledge_dir or settings.knowledge_dir)
    assistant = make_assistant(settings, retriever, figures=figures, today=today)
    return Runtime(settings, embedder, serving, retriever, assistant, local_figures=figures)


def search_runtime(settings: Settings, index_dir: Path | None = None) -> Runtime:
    """A retriever over the current index version, without records or jobs (for `bot search`)."""
    store = IndexStore(index_dir or settings.index_dir)
    if not store.versions():
        store.current_path()  # a missing index is reported before the model loads
    embedder = embedder_for(serving_settings(settings, store))
    serving = open_serving(store, embedder)
    retriever = make_retriever(settings, embedder, serving)
    return Runtime(
        settings, embedder, serving, retriever, make_assistant(settings, retriever), index_store=store
    )

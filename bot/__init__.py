"""12351 worker-service assistant: retrieval-grounded answers to workers' labour-rights questions.

Package map (data flows one way; lower layers never import higher ones):

    config, errors, vocab   settings, domain errors, fixed value lists (import nothing from bot)
    heap         the serving process's glibc mmap threshold (imports nothing from bot)
    text/        pure string algorithms: normalise, tokens, sentences (one splitter), similarity, redact
    knowledge/   snippet files: snippet (Snippet, Chunk, parse), folder (one scan), documents (staff edits),
                 statutes (statutes.yaml), review (snippets due for review)
    index/       embedders (e5numpy: e5 in numpy), dense, lexical, translation, index (Index + Manifest), versions,
                 build, jobs, serving (ServingIndex, preparers run before a swap), derived (PerIndex: values
                 derived once per index version), reload, search (hybrid Retriever; in index/ because a new
                 version's self-check searches it before it is published)
    answering/   question in, Answer out: scope, followup, compose, answer (sections), render, writer,
                 assistant, evaluate; spoken (the phone version), speech (espeak-ng), suggest (console)
    records/     all SQL, on SQLite or PostgreSQL: db, schema (SQLAlchemy Core tables), migrate and
                 migrations/ (alembic), turns, feedback, tickets, calls, audit, staff_sessions, idempotency,
                 teaching, documents (shared knowledge), analytics, store (Records), insights, export
    runtime      build_runtime(settings, embedder=None): the one place the running parts are assembled
    http/        FastAPI app, middleware, errors, deps, schemas, service, routes/, views/
    cli/         one module per command group (index, search, knowledge, eval, serve, report, calc, say, db)
"""

__version__ = "0.1.0"

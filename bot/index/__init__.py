"""On-disk indexes: embedders, dense and lexical search, building, versions, serving and reloading."""

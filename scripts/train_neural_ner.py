"""Train the neural NER tagger (:mod:`khabar.nlp.entities.neural`) reproducibly, offline.

Needs the ``train`` extra (``pip install -e .[train]``: torch, gensim); the shipped model
runs with numpy alone. Steps (each writes into ``--work``, default ``/tmp/khabar-neural``):

1. ``embeddings``: word2vec skip-gram (gensim, one thread, fixed seed) on SaudiNewsNet,
   every token normalised (:func:`khabar.arabic.normalise.normalise`) and stripped of its
   proclitics (وال، بال، لل …), so ``وسوريا`` and ``سوريا`` share one vector;
2. ``train``: the tagger in torch on the ANERcorp CamelLab *train* split (a dev part carved
   from it for early stopping; the test split is never read here);
3. ``export`` (or ``train --export``): the best checkpoint's weights (embeddings int8, the
   rest float16) into an npz file;
4. ``tune``: the CRF + neural ensemble weight, swept on the dev part with a CRF trained on
   the train part only, stored in the npz (default output: the shipped
   ``src/khabar/nlp/resources/entities/ner_neural.npz``). The sweep's best dev weight was
   1.5; 0.75 is shipped (dev F1 within 0.004 of it, gold-dev entity recall one entity
   better), hence ``--weight 0.75``.

    .venv/bin/python scripts/train_neural_ner.py embeddings
    .venv/bin/python scripts/train_neural_ner.py split
    .venv/bin/python scripts/train_neural_ner.py train --export --out /tmp/khabar-neural/nn.npz
    .venv/bin/khabar train-ner --train /tmp/khabar-neural/train90.txt --out /tmp/khabar-neural/crf90
    .venv/bin/python scripts/train_neural_ner.py tune --full-recogniser --weight 0.75 \
        --crf /tmp/khabar-neural/crf90 --model /tmp/khabar-neural/nn.npz

``split`` writes ``train90.txt`` (the first 90% of the train split's sentences: what
``train`` learns from) and ``dev10.txt`` (the rest: early stopping and ``tune``).

SaudiNewsNet text is read for the word vectors only and never shipped.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch

from khabar.arabic.normalise import normalise
from khabar.nlp.entities.conll import ConllSentence, read_conll
from khabar.nlp.entities.neural import WordInputs

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "anercorp" / "ANERCorp_CamelLab_train.txt"
SEED = 13
MODEL_OUT = ROOT / "src/khabar/nlp/resources/entities/ner_neural.npz"


def build_embeddings(work: Path, dims: int, epochs: int) -> None:
    """Word2vec on clitic-stripped normalised SaudiNewsNet tokens (text file, then gensim)."""
    from corpus import token_lines
    from gensim.models import Word2Vec

    from khabar.nlp.entities.tokens import strip_proclitics

    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus_bare.txt"
    started = time.time()
    if not corpus.is_file():
        with corpus.open("w", encoding="utf-8") as handle:
            for words in token_lines():
                handle.write(" ".join(strip_proclitics(w) for w in words) + "\n")
        print(f"corpus written ({time.time() - started:.0f}s)", flush=True)
    model = Word2Vec(
        corpus_file=str(corpus),
        vector_size=dims,
        window=5,
        min_count=5,
        sg=1,
        negative=5,
        sample=1e-4,
        epochs=epochs,
        workers=1,
        seed=SEED,
    )
    model.wv.save(str(work / "w2v_bare.kv"))
    print(f"word2vec: {len(model.wv)} words × {dims} ({time.time() - started:.0f}s)", flush=True)


LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
VOCAB = 50_000  # word vectors shipped (most frequent first)
DEV_SHARE = 0.1  # the last 10% of the train split's sentences: dev for early stopping


def _split(sentences: list[ConllSentence]) -> tuple[list[ConllSentence], list[ConllSentence]]:
    cut = int(len(sentences) * (1 - DEV_SHARE))
    return sentences[:cut], sentences[cut:]


def _vocabularies(
    work: Path, train: list[ConllSentence]
) -> tuple[list[str], list[str], list[str], np.ndarray]:
    """Word list and vectors (capped), character list (train split), class list (lexicon)."""
    from gensim.models import KeyedVectors

    from khabar.nlp.entities.neural import FLAGS, load_neural_lexicon

    wv = KeyedVectors.load(str(work / "w2v_bare.kv"))
    words = list(wv.index_to_key[:VOCAB])
    vectors = np.stack([wv[w] for w in words]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-6  # unit length
    counts: Counter[str] = Counter()
    for s in train:
        for token in s.tokens:
            counts.update(normalise(token))
    chars = sorted(c for c, n in counts.items() if n >= 2)
    classes = sorted({c for found in load_neural_lexicon().values() for c in found}) + list(FLAGS)
    return words, chars, classes, vectors


class Tagger(torch.nn.Module):  # type: ignore[misc]
    """The torch twin of :class:`khabar.nlp.entities.neural.NeuralTagger`."""

    def __init__(
        self,
        vectors: np.ndarray,
        n_chars: int,
        n_classes: int,
        hidden: int,
        dilations: tuple[int, ...],
        char_dims: int = 24,
        char_filters: int = 50,
        separable: bool = False,
        ctx_dims: int = 0,
    ) -> None:
        super().__init__()
        from khabar.nlp.entities.neural import CLITICS, MAX_LENGTH, SHAPES

        nn = torch.nn
        table = np.zeros((len(vectors) + 1, vectors.shape[1]), dtype=np.float32)
        table[1:] = vectors
        self.vectors = nn.Embedding.from_pretrained(torch.from_numpy(table), freeze=True)
        self.char_emb = nn.Embedding(n_chars + 4, char_dims, padding_idx=0)
        self.char_conv = nn.Conv1d(char_dims, char_filters, 3, padding=1)
        self.clitic_emb = nn.Embedding(len(CLITICS), 8)
        self.shape_emb = nn.Embedding(len(SHAPES), 4)
        self.length_emb = nn.Embedding(MAX_LENGTH + 1, 4)
        self.class_w = nn.Linear(n_classes, 16, bias=False)
        dims = vectors.shape[1] + char_filters + 8 + 4 + 4 + 16 + ctx_dims
        self.ctx_dims = ctx_dims
        self.dilations = dilations
        self.separable = separable

        def layer(k: int, d: int) -> torch.nn.Module:
            if k == 0:  # per word type in numpy (cached): always a full convolution
                return nn.Conv1d(dims, hidden, 3, dilation=d, padding=d)
            if not separable:
                return nn.Conv1d(hidden, hidden, 3, dilation=d, padding=d)
            return nn.Sequential(  # depthwise then pointwise: a third of the multiplications
                nn.Conv1d(hidden, hidden, 3, dilation=d, padding=d, groups=hidden, bias=False),
                nn.Conv1d(hidden, hidden, 1),
            )

        self.convs = nn.ModuleList(layer(k, d) for k, d in enumerate(dilations))
        self.out = nn.Linear(hidden, len(LABELS))
        self.transitions = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
        self.start = nn.Parameter(torch.zeros(len(LABELS)))
        self.end = nn.Parameter(torch.zeros(len(LABELS)))
        self.drop_in = nn.Dropout(0.5)
        self.drop = nn.Dropout(0.3)

    def inputs(self, b: dict[str, torch.Tensor]) -> torch.Tensor:
        """Per-token input vectors: batch × tokens × dims."""
        chars = self.char_emb(b["chars"])  # B T C D
        bsz, t, c, d = chars.shape
        conv = self.char_conv(chars.view(bsz * t, c, d).transpose(1, 2))  # BT F C
        valid = b["chars"].view(bsz * t, c) > 0
        conv = conv.masked_fill(~valid[:, None, :], float("-inf"))
        char_part = torch.relu(conv.max(dim=2).values).view(bsz, t, -1)
        char_part = torch.nan_to_num(char_part, neginf=0.0)  # padding tokens
        parts = [
            self.drop_in(self.vectors(b["vector"])),
            char_part,
            self.clitic_emb(b["clitic"]),
            self.shape_emb(b["shape"]),
            self.length_emb(b["length"]),
            self.class_w(b["classes"]),
        ]
        if self.ctx_dims:  # the character LMs' vectors (per token), after the type inputs
            parts.append(b["ctx"])
        return torch.cat(parts, dim=2)

    def emissions(self, b: dict[str, torch.Tensor]) -> torch.Tensor:
        mask = b["mask"][:, None, :].float()  # B 1 T
        h = self.drop(self.inputs(b)).transpose(1, 2) * mask
        for k, conv in enumerate(self.convs):
            out = torch.relu(conv(h))
            h = (out if k == 0 else h + out) * mask
            h = self.drop(h) * mask if k < len(self.convs) - 1 else h
        return self.out(self.drop(h.transpose(1, 2)))  # B T L

    def loss(self, b: dict[str, torch.Tensor]) -> torch.Tensor:
        """Negative log-likelihood of the gold paths under the linear-chain CRF."""
        emit = self.emissions(b)
        mask = b["mask"]
        tags = b["tags"]
        t = emit.shape[1]
        lengths = mask.sum(1)
        # gold path score
        maskf = mask.float()
        score = (emit.gather(2, tags[:, :, None]).squeeze(2) * maskf).sum(1)
        score = score + (self.transitions[tags[:, :-1], tags[:, 1:]] * maskf[:, 1:]).sum(1)
        last = tags.gather(1, (lengths - 1)[:, None]).squeeze(1)
        score = score + self.start[tags[:, 0]] + self.end[last]
        # partition function
        alpha = self.start[None, :] + emit[:, 0]
        for i in range(1, t):
            nxt = torch.logsumexp(alpha[:, :, None] + self.transitions[None], dim=1) + emit[:, i]
            alpha = torch.where(mask[:, i : i + 1].bool(), nxt, alpha)
        log_z = torch.logsumexp(alpha + self.end[None, :], dim=1)
        return (log_z - score).sum()


def _batch(
    sentences: list[ConllSentence],
    feats: dict[str, WordInputs],
    n_classes: int,
    with_tags: bool = True,
    ctx: dict[tuple[str, ...], np.ndarray] | None = None,
) -> dict[str, torch.Tensor]:
    from khabar.nlp.entities.conll import to_anercorp_tag

    bsz = len(sentences)
    t = max(len(s.tokens) for s in sentences)
    c = max(len(feats[w].chars) for s in sentences for w in s.tokens)
    out = {
        "vector": torch.zeros(bsz, t, dtype=torch.long),
        "clitic": torch.zeros(bsz, t, dtype=torch.long),
        "shape": torch.zeros(bsz, t, dtype=torch.long),
        "length": torch.zeros(bsz, t, dtype=torch.long),
        "classes": torch.zeros(bsz, t, n_classes),
        "chars": torch.zeros(bsz, t, c, dtype=torch.long),
        "mask": torch.zeros(bsz, t, dtype=torch.long),
        "tags": torch.zeros(bsz, t, dtype=torch.long),
    }
    if ctx is not None:
        dims = next(iter(ctx.values())).shape[1]
        out["ctx"] = torch.zeros(bsz, t, dims)
        for i, s in enumerate(sentences):
            out["ctx"][i, : len(s.tokens)] = torch.from_numpy(ctx[tuple(s.tokens)])
    index = {label: k for k, label in enumerate(LABELS)}
    for i, s in enumerate(sentences):
        for j, w in enumerate(s.tokens):
            f = feats[w]
            out["vector"][i, j] = f.vector
            out["clitic"][i, j] = f.clitic
            out["shape"][i, j] = f.shape
            out["length"][i, j] = f.length
            if f.classes:
                out["classes"][i, j, list(f.classes)] = 1.0
            out["chars"][i, j, : len(f.chars)] = torch.tensor(f.chars)
            out["mask"][i, j] = 1
            if with_tags and s.gold is not None:
                out["tags"][i, j] = index[to_anercorp_tag(s.gold[j])]
    return out


def _batches(
    sentences: list[ConllSentence], size: int, rng: random.Random
) -> list[list[ConllSentence]]:
    """Batches of sentences of similar length (less padding), in random order."""
    ordered = sorted(sentences, key=lambda s: len(s.tokens) + rng.random())
    groups = [ordered[k : k + size] for k in range(0, len(ordered), size)]
    rng.shuffle(groups)
    return groups


def _decode(
    model: Tagger,
    sentences: list[ConllSentence],
    feats: dict[str, WordInputs],
    n_classes: int,
    ctx: dict[tuple[str, ...], np.ndarray] | None = None,
) -> list[list[str]]:
    from khabar.nlp.entities.viterbi import viterbi

    model.eval()
    out: list[list[str]] = [[] for _ in sentences]
    order = sorted(range(len(sentences)), key=lambda k: len(sentences[k].tokens))
    with torch.no_grad():
        for k in range(0, len(order), 64):
            chunk = [sentences[i] for i in order[k : k + 64]]
            batch = _batch(chunk, feats, n_classes, with_tags=False, ctx=ctx)
            emit = model.emissions(batch).numpy()
            emits = []
            for row, s in enumerate(chunk):
                e = emit[row, : len(s.tokens)].astype(np.float64)
                e[0] += model.start.detach().numpy()
                e[-1] += model.end.detach().numpy()
                emits.append(e)
            paths = viterbi(emits, model.transitions.detach().numpy().astype(np.float64))
            for i, path in zip(order[k : k + 64], paths, strict=True):
                out[i] = [LABELS[p] for p in path]
    model.train()
    return out


def train_tagger(work: Path, args: argparse.Namespace) -> None:
    from khabar.evaluate.ner import score
    from khabar.nlp.entities.conll import read_conll, to_anercorp_tag
    from khabar.nlp.entities.neural import Featuriser, load_neural_lexicon

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    sentences = [s for s in read_conll(args.train) if s.gold is not None and s.tokens]
    train, dev = _split(sentences) if not args.full else (sentences, _split(sentences)[1])
    words, chars, classes, vectors = _vocabularies(work, train)
    extra = [s for path in args.extra for s in read_conll(path) if s.gold is not None and s.tokens]
    train = train + extra
    featurise = Featuriser(words, chars, classes, load_neural_lexicon())
    feats = {w: featurise(w) for s in sentences + extra for w in s.tokens}
    dilations = tuple(int(d) for d in args.dilations.split(","))
    lm = lm_arrays(args.lm) if args.lm else None
    ctx = contextual_vectors(lm, sentences + extra) if lm else None
    ctx_dims = next(iter(ctx.values())).shape[1] if ctx else 0
    model = Tagger(
        vectors,
        len(chars),
        len(classes),
        args.hidden,
        dilations,
        separable=args.separable,
        ctx_dims=ctx_dims,
    )
    optimiser = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    gold_dev = [[to_anercorp_tag(t) for t in s.gold or ()] for s in dev]
    best, best_epoch = -1.0, 0
    started = time.time()
    # an exponential moving average of the weights (Polyak averaging): smoother than the
    # last step's weights, which swing by ±1 dev F1 from epoch to epoch
    ema = {k: v.detach().clone() for k, v in model.state_dict().items()}
    for epoch in range(1, args.epochs + 1):
        total = 0.0
        for group in _batches(train, args.batch, rng):
            b = _batch(group, feats, len(classes), ctx=ctx)
            if args.word_dropout:
                drop = torch.rand(b["vector"].shape) < args.word_dropout
                b["vector"] = b["vector"].masked_fill(drop, 0)
            optimiser.zero_grad()
            loss = model.loss(b)
            (loss / len(group)).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            total += loss.item()
            if args.ema:
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        if v.dtype.is_floating_point:
                            ema[k].mul_(args.ema).add_(v, alpha=1 - args.ema)
        report = score(gold_dev, _decode(model, dev, feats, len(classes), ctx))
        f1 = report.micro.f1
        labels = " ".join(f"{k} {v.f1:.3f}" for k, v in sorted(report.per_label.items()))
        state = model.state_dict()
        if args.ema:  # the averaged weights are the candidate; the raw ones are logged too
            raw = {k: v.clone() for k, v in state.items()}
            model.load_state_dict(ema)
            report_ema = score(gold_dev, _decode(model, dev, feats, len(classes), ctx))
            state = {k: v.clone() for k, v in model.state_dict().items()}
            model.load_state_dict(raw)
            labels = f"raw {f1:.4f}; " + " ".join(
                f"{k} {v.f1:.3f}" for k, v in sorted(report_ema.per_label.items())
            )
            f1 = report_ema.micro.f1
        print(
            f"epoch {epoch} loss {total / len(train):.3f} dev F1 {f1:.4f} ({labels}) "
            f"{time.time() - started:.0f}s",
            flush=True,
        )
        if f1 > best or args.full:
            best, best_epoch = f1, epoch
            torch.save(state, work / f"{args.name}.pt")
        elif epoch - best_epoch >= args.patience:
            break
    print(f"best dev F1 {best:.4f} at epoch {best_epoch}", flush=True)
    model.load_state_dict(torch.load(work / f"{args.name}.pt"))
    meta = {"words": words, "chars": chars, "classes": classes}
    (work / f"{args.name}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    if args.export:
        export(model, words, chars, classes, args.out, lm)


def lm_arrays(folder: Path) -> dict[str, np.ndarray]:
    """The forward and backward character LMs of ``scripts/train_char_lm.py`` (``lm_forward.pt``,
    ``lm_backward.pt`` in ``folder``) as the float16 arrays a contextual model file stores."""
    from khabar.nlp.entities.contextual import char_array

    arrays: dict[str, np.ndarray] = {}
    chars: list[str] | None = None
    for direction in ("forward", "backward"):
        saved = torch.load(folder / f"lm_{direction}.pt", weights_only=False)
        if chars is not None and saved["chars"] != chars:
            raise SystemExit("the two LMs have different character lists")
        chars = saved["chars"]
        state = saved["state"]
        prefix = f"lm_{direction}_"
        for part, key in (
            ("emb", "emb.weight"),
            ("w_ih", "lstm.weight_ih_l0"),
            ("w_hh", "lstm.weight_hh_l0"),
            ("b_ih", "lstm.bias_ih_l0"),
            ("b_hh", "lstm.bias_hh_l0"),
        ):
            arrays[prefix + part] = state[key].numpy().astype(np.float16)
    assert chars is not None
    arrays["lm_chars"] = char_array(chars)
    return arrays


def contextual_vectors(
    arrays: dict[str, np.ndarray], sentences: list[ConllSentence]
) -> dict[tuple[str, ...], np.ndarray]:
    """Each sentence's contextual word vectors, computed the way inference computes them
    (the numpy LMs of :mod:`khabar.nlp.entities.contextual`, from the float16 weights)."""
    from threadpoolctl import ThreadpoolController

    from khabar.nlp.entities.contextual import language_models

    lms = language_models(arrays)
    unique = sorted({tuple(s.tokens) for s in sentences}, key=lambda t: sum(map(len, t)))
    out: dict[tuple[str, ...], np.ndarray] = {}
    started = time.time()
    with ThreadpoolController().limit(limits=1, user_api="blas"):  # no spinning BLAS threads
        for k in range(0, len(unique), 64):  # similar lengths together: little padding
            group = unique[k : k + 64]
            for tokens, vectors in zip(group, lms.embed(group), strict=True):
                out[tokens] = vectors.astype(np.float32)
    print(f"contextual vectors: {len(out)} sentences ({time.time() - started:.0f}s)", flush=True)
    return out


def export(
    model: Tagger,
    words: list[str],
    chars: list[str],
    classes: list[str],
    out: Path,
    lm: dict[str, np.ndarray] | None = None,
) -> None:
    """Weights into one npz: word vectors int8 (per-row scale), everything else float16."""
    from khabar.nlp.entities.neural import text_array

    state = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    table = state["vectors.weight"]
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.round(table / scale[:, None]).astype(np.int8)
    half = np.float16
    arrays: dict[str, np.ndarray] = {
        "labels": text_array(LABELS),
        "vocab": text_array(words),
        "chars": text_array(chars),
        "classes": text_array(classes),
        "emb_q": q,
        "emb_scale": scale.astype(np.float32),
        "char_emb": state["char_emb.weight"].astype(half),
        "char_w": state["char_conv.weight"].astype(half),
        "char_b": state["char_conv.bias"].astype(half),
        "clitic_emb": state["clitic_emb.weight"].astype(half),
        "shape_emb": state["shape_emb.weight"].astype(half),
        "length_emb": state["length_emb.weight"].astype(half),
        "class_w": state["class_w.weight"].astype(half),
        "dilations": np.array(model.dilations, dtype=np.int64),
        "out_w": state["out.weight"].astype(half),
        "out_b": state["out.bias"].astype(half),
        "transitions": state["transitions"].astype(half),
        "start": state["start"].astype(half),
        "end": state["end"].astype(half),
    }
    if lm is not None:  # a contextual model carries its character LMs
        arrays.update(lm)
        arrays["ctx_dims"] = np.array(model.ctx_dims, dtype=np.int64)
    for k in range(len(model.dilations)):
        if model.separable and k > 0:
            arrays[f"conv{k}_dw"] = state[f"convs.{k}.0.weight"][:, 0, :].astype(half)
            arrays[f"conv{k}_w"] = state[f"convs.{k}.1.weight"][:, :, 0].astype(half)
            arrays[f"conv{k}_b"] = state[f"convs.{k}.1.bias"].astype(half)
        else:
            arrays[f"conv{k}_w"] = state[f"convs.{k}.weight"].astype(half)
            arrays[f"conv{k}_b"] = state[f"convs.{k}.bias"].astype(half)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    print(f"exported {out} ({out.stat().st_size / 1e6:.1f} MB)", flush=True)


def write_split(work: Path, train_path: Path) -> None:
    """The train part and the dev part as CoNLL files (for the CRF the ensemble is tuned with)."""
    sentences = [s for s in read_conll(train_path) if s.gold is not None and s.tokens]
    work.mkdir(parents=True, exist_ok=True)
    for name, part in zip(("train90.txt", "dev10.txt"), _split(sentences), strict=True):
        text = "".join("\n".join(s.lines) + "\n\n" for s in part)
        (work / name).write_text(text, encoding="utf-8")
        print(f"{work / name}: {len(part)} sentences")


def export_checkpoint(work: Path, args: argparse.Namespace) -> None:
    """Export a saved checkpoint (the best epoch so far of a run, same settings)."""
    sentences = [s for s in read_conll(args.train) if s.gold is not None and s.tokens]
    train = sentences if args.full else _split(sentences)[0]
    words, chars, classes, vectors = _vocabularies(work, train)
    dilations = tuple(int(d) for d in args.dilations.split(","))
    lm = lm_arrays(args.lm) if args.lm else None
    ctx_dims = 2 * lm["lm_forward_w_hh"].shape[1] if lm else 0
    model = Tagger(
        vectors,
        len(chars),
        len(classes),
        args.hidden,
        dilations,
        separable=args.separable,
        ctx_dims=ctx_dims,
    )
    model.load_state_dict(torch.load(work / f"{args.name}.pt"))
    export(model, words, chars, classes, args.out, lm)


def tune(args: argparse.Namespace) -> None:
    """Choose the ensemble weight on the dev part and store it in the model file.

    The CRF must be one trained on the same train part (``khabar train-ner --train`` on the
    first 90%, ``--crf``), and the neural model one whose early stopping saw only that part.
    """
    from khabar.evaluate.ner import score
    from khabar.nlp.entities.conll import read_conll, to_anercorp_tag
    from khabar.nlp.entities.crf import CrfTagger
    from khabar.nlp.entities.neural import EnsembleTagger, NeuralTagger, load_neural_lexicon
    from khabar.nlp.entities.resources import load_clusters, load_lexicon

    sentences = [s for s in read_conll(args.train) if s.gold is not None and s.tokens]
    dev = _split(sentences)[1]
    gold = [[to_anercorp_tag(t) for t in s.gold or ()] for s in dev]
    words = [list(s.tokens) for s in dev]
    crf = CrfTagger(args.crf, load_lexicon(), load_clusters())
    neural = NeuralTagger(args.model, load_neural_lexicon())
    ensemble = EnsembleTagger(crf.compiled, neural)
    print(f"CRF alone      dev F1 {score(gold, crf.tag_many(words)).micro.f1:.4f}")
    print(f"neural alone   dev F1 {score(gold, neural.tag_many(words)).micro.f1:.4f}")
    best, best_weight = -1.0, 1.0
    weights = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
    for weight in weights:
        neural.ensemble_weight = weight
        f1 = score(gold, ensemble.tag_many(words)).micro.f1
        print(f"weight {weight:<5} tagger dev F1 {f1:.4f}", flush=True)
        if f1 > best and not args.full_recogniser:
            best, best_weight = f1, weight
    if args.full_recogniser:  # the weight that serves recognise() best (it ships that way)
        import khabar.nlp.entities as entities
        from khabar.nlp.entities.tagging import tag_sentences

        entities._sequence_tagger = lambda: ensemble  # type: ignore[assignment]
        for weight in weights:
            neural.ensemble_weight = weight
            f1 = score(gold, tag_sentences(dev, "full")).micro.f1
            print(f"weight {weight:<5} full-recogniser dev F1 {f1:.4f}", flush=True)
            if f1 > best:
                best, best_weight = f1, weight
    if args.weight is not None:  # a weight chosen by more than this dev part (see README)
        best_weight = args.weight
    print(f"ensemble weight {best_weight} (best dev F1 {best:.4f}) → {args.out}")
    with np.load(args.model, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    arrays["ensemble_weight"] = np.array(best_weight, dtype=np.float32)
    with args.out.open("wb") as handle:
        np.savez_compressed(handle, **arrays)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=["embeddings", "split", "train", "export", "tune"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/khabar-neural"))
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--w2v-epochs", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--train", type=Path, default=TRAIN)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--dilations", default="1,2,4")
    parser.add_argument("--separable", action="store_true", help="depthwise-separable layers 2+")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--word-dropout", type=float, default=0.05)
    parser.add_argument("--patience", type=int, default=6)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--ema", type=float, default=0.0, help="weight-average decay per step (0: off; 0.999)"
    )
    parser.add_argument(
        "--extra", type=Path, action="append", default=[], help="more CoNLL training data"
    )
    parser.add_argument("--name", default="tagger")
    parser.add_argument(
        "--lm", type=Path, help="folder of lm_forward.pt / lm_backward.pt: contextual inputs"
    )
    parser.add_argument(
        "--full", action="store_true", help="train on all of train, keep the last epoch"
    )
    parser.add_argument("--export", action="store_true")
    parser.add_argument("--out", type=Path, default=MODEL_OUT)
    parser.add_argument("--crf", type=Path, help="tune: a CRF trained on the train part only")
    parser.add_argument("--model", type=Path, default=MODEL_OUT, help="tune: the neural model")
    parser.add_argument(
        "--full-recogniser", action="store_true", help="tune: choose by the full recogniser"
    )
    parser.add_argument("--weight", type=float, help="tune: store this weight after the sweep")
    args = parser.parse_args()
    if any("test" in p.name.lower() for p in [args.train, *args.extra] if "anercorp" in str(p)):
        parser.error("refusing to train on an ANERcorp test split")
    if "test" in args.train.name.lower():
        parser.error("refusing to train on a test split")
    if args.step == "embeddings":
        build_embeddings(args.work, args.dims, args.w2v_epochs)
    elif args.step == "split":
        write_split(args.work, args.train)
    elif args.step == "train":
        train_tagger(args.work, args)
    elif args.step == "export":
        export_checkpoint(args.work, args)
    else:
        tune(args)


if __name__ == "__main__":
    main()

"""Train and score the contextual NER tagger (:mod:`khabar.nlp.entities.contextual_tagger`).

Flair-style contextual string embeddings (Akbik et al. 2018): the forward and backward
character LMs of ``scripts/train_char_lm.py`` (SaudiNewsNet) give each token two states;
with the token's frozen word2vec vector (``train_neural_ner.py embeddings``) and its lexicon
classes they feed one width-3 convolution and a CRF, trained here in torch on a train file
(ANERcorp CamelLab *train* or a part of it; early stopping on its last 10%). The LM
vectors are computed once per sentence with the numpy LMs inference uses (from the same
float16 weights), so training sees exactly what inference computes. Needs the ``train``
extra (torch, gensim). Test splits are refused.

    .venv/bin/python scripts/train_contextual_ner.py train --lm /tmp/d5 \
        --train /tmp/d5/train90.txt --out /tmp/d5/ctx90.npz
    .venv/bin/python scripts/train_contextual_ner.py eval --dev /tmp/d5/dev10.txt \
        --crf /tmp/d5/crf90.crfsuite --neural src/khabar/nlp/resources/entities/ner_neural.npz \
        --model /tmp/d5/ctx90.npz --weights 0.5,1

``eval`` scores on a dev file: the CRF, CRF + neural (the shipped ensemble), CRF + contextual
and CRF + neural + contextual at each weight, as bare taggers and inside the full recogniser
(``anercorp`` profile, the way ``khabar eval-ner`` scores).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

from khabar.nlp.entities.conll import ConllSentence, read_conll, to_anercorp_tag

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_neural_ner import (
    LABELS,
    SEED,
    _split,
    _vocabularies,
    contextual_vectors,
    lm_arrays,
)


class ContextTagger(torch.nn.Module):  # type: ignore[misc]
    """The torch twin of :class:`khabar.nlp.entities.contextual_tagger.ContextualTagger`."""

    def __init__(self, vectors: np.ndarray, ctx_dims: int, n_classes: int, hidden: int) -> None:
        super().__init__()
        nn = torch.nn
        table = np.zeros((len(vectors) + 1, vectors.shape[1]), dtype=np.float32)
        table[1:] = vectors
        self.vectors = nn.Embedding.from_pretrained(torch.from_numpy(table), freeze=True)
        self.class_w = nn.Linear(n_classes, 16, bias=False)
        dims = ctx_dims + vectors.shape[1] + 16
        self.conv = nn.Conv1d(dims, hidden, 3, padding=1)
        self.out = nn.Linear(hidden, len(LABELS))
        self.transitions = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
        self.start = nn.Parameter(torch.zeros(len(LABELS)))
        self.end = nn.Parameter(torch.zeros(len(LABELS)))
        self.drop_ctx = nn.Dropout(0.3)
        self.drop_in = nn.Dropout(0.5)
        self.drop = nn.Dropout(0.3)

    def emissions(self, b: dict[str, torch.Tensor]) -> torch.Tensor:
        mask = b["mask"][:, None, :].float()
        x = torch.cat(
            [
                self.drop_ctx(b["ctx"]),
                self.drop_in(self.vectors(b["vector"])),
                self.class_w(b["classes"]),
            ],
            dim=2,
        )
        h = torch.relu(self.conv(x.transpose(1, 2) * mask)) * mask
        return self.out(self.drop(h.transpose(1, 2)))

    def loss(self, b: dict[str, torch.Tensor]) -> torch.Tensor:
        """Negative log-likelihood of the gold paths under the linear-chain CRF."""
        emit = self.emissions(b)
        mask = b["mask"]
        tags = b["tags"]
        lengths = mask.sum(1)
        maskf = mask.float()
        score = (emit.gather(2, tags[:, :, None]).squeeze(2) * maskf).sum(1)
        score = score + (self.transitions[tags[:, :-1], tags[:, 1:]] * maskf[:, 1:]).sum(1)
        last = tags.gather(1, (lengths - 1)[:, None]).squeeze(1)
        score = score + self.start[tags[:, 0]] + self.end[last]
        alpha = self.start[None, :] + emit[:, 0]
        for i in range(1, emit.shape[1]):
            nxt = torch.logsumexp(alpha[:, :, None] + self.transitions[None], dim=1) + emit[:, i]
            alpha = torch.where(mask[:, i : i + 1].bool(), nxt, alpha)
        log_z = torch.logsumexp(alpha + self.end[None, :], dim=1)
        return (log_z - score).sum()


def _tensors(
    sentences: list[ConllSentence],
    ctx: dict[tuple[str, ...], np.ndarray],
    featurise: object,
    n_classes: int,
) -> list[dict[str, torch.Tensor]]:
    """Per-sentence tensors, made once (batches are padded stacks of them)."""
    index = {label: k for k, label in enumerate(LABELS)}
    out = []
    for s in sentences:
        feats = [featurise(w) for w in s.tokens]  # type: ignore[operator]
        classes = torch.zeros(len(feats), n_classes)
        for j, f in enumerate(feats):
            if f.classes:
                classes[j, list(f.classes)] = 1.0
        out.append(
            {
                "ctx": torch.from_numpy(ctx[tuple(s.tokens)]),
                "vector": torch.tensor([f.vector for f in feats], dtype=torch.long),
                "classes": classes,
                "tags": torch.tensor(
                    [index[to_anercorp_tag(t)] for t in s.gold or ["O"] * len(s.tokens)],
                    dtype=torch.long,
                ),
            }
        )
    return out


def _stack(items: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    pad = torch.nn.utils.rnn.pad_sequence
    b = {key: pad([i[key] for i in items], batch_first=True) for key in items[0]}
    lengths = torch.tensor([len(i["tags"]) for i in items])
    b["mask"] = (torch.arange(int(lengths.max()))[None, :] < lengths[:, None]).long()
    return b


def _decode(model: ContextTagger, items: list[dict[str, torch.Tensor]]) -> list[list[str]]:
    from khabar.nlp.entities.viterbi import viterbi

    model.eval()
    emits = []
    with torch.no_grad():
        for k in range(0, len(items), 64):
            chunk = items[k : k + 64]
            emit = model.emissions(_stack(chunk)).numpy().astype(np.float64)
            for row, item in enumerate(chunk):
                e = emit[row, : len(item["tags"])].copy()
                e[0] += model.start.detach().numpy()
                e[-1] += model.end.detach().numpy()
                emits.append(e)
    model.train()
    paths = viterbi(emits, model.transitions.detach().numpy().astype(np.float64))
    return [[LABELS[p] for p in path] for path in paths]


def train(args: argparse.Namespace) -> None:
    from khabar.evaluate.ner import score
    from khabar.nlp.entities.neural import Featuriser, load_neural_lexicon

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    sentences = [s for s in read_conll(args.train) if s.gold is not None and s.tokens]
    part, dev = _split(sentences)
    words, _, classes, vectors = _vocabularies(args.w2v, part)
    lm = lm_arrays(args.lm)
    ctx = contextual_vectors(lm, sentences)
    ctx_dims = next(iter(ctx.values())).shape[1]
    featurise = Featuriser(words, [], classes, load_neural_lexicon())
    train_items = _tensors(part, ctx, featurise, len(classes))
    dev_items = _tensors(dev, ctx, featurise, len(classes))
    gold_dev = [[to_anercorp_tag(t) for t in s.gold or ()] for s in dev]
    model = ContextTagger(vectors, ctx_dims, len(classes), args.hidden)
    optimiser = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    best, best_epoch, best_state = -1.0, 0, None
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        order = sorted(range(len(train_items)), key=lambda k: len(part[k].tokens) + rng.random())
        groups = [order[k : k + args.batch] for k in range(0, len(order), args.batch)]
        rng.shuffle(groups)
        total = 0.0
        for group in groups:
            b = _stack([train_items[k] for k in group])
            if args.word_dropout:
                drop = torch.rand(b["vector"].shape) < args.word_dropout
                b["vector"] = b["vector"].masked_fill(drop, 0)
            optimiser.zero_grad()
            loss = model.loss(b)
            (loss / len(group)).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            total += loss.item()
        report = score(gold_dev, _decode(model, dev_items))
        f1 = report.micro.f1
        labels = " ".join(f"{k} {v.f1:.3f}" for k, v in sorted(report.per_label.items()))
        print(
            f"epoch {epoch} loss {total / len(part):.3f} dev F1 {f1:.4f} ({labels}) "
            f"{time.time() - started:.0f}s",
            flush=True,
        )
        if f1 > best:
            best, best_epoch = f1, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        elif epoch - best_epoch >= args.patience:
            break
    print(f"best dev F1 {best:.4f} at epoch {best_epoch}", flush=True)
    assert best_state is not None
    model.load_state_dict(best_state)
    export(model, words, classes, lm, args.out)


def export(
    model: ContextTagger,
    words: list[str],
    classes: list[str],
    lm: dict[str, np.ndarray],
    out: Path,
) -> None:
    """Weights into one npz: word vectors int8 (per-row scale), the rest float16, LMs too."""
    from khabar.nlp.entities.neural import text_array

    state = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    table = state["vectors.weight"]
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    half = np.float16
    arrays: dict[str, np.ndarray] = {
        "labels": text_array(LABELS),
        "vocab": text_array(words),
        "classes": text_array(classes),
        "emb_q": np.round(table / scale[:, None]).astype(np.int8),
        "emb_scale": scale.astype(np.float32),
        "class_w": state["class_w.weight"].astype(half),
        "conv_w": state["conv.weight"].astype(half),
        "conv_b": state["conv.bias"].astype(half),
        "out_w": state["out.weight"].astype(half),
        "out_b": state["out.bias"].astype(half),
        "transitions": state["transitions"].astype(half),
        "start": state["start"].astype(half),
        "end": state["end"].astype(half),
        **lm,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    print(f"exported {out} ({out.stat().st_size / 1e6:.1f} MB)", flush=True)


def evaluate(args: argparse.Namespace) -> None:
    import khabar.nlp.entities as entities
    from khabar.nlp.entities.contextual_tagger import ContextualTagger, ProductTagger
    from khabar.nlp.entities.crf import CrfTagger
    from khabar.nlp.entities.neural import NeuralTagger, load_neural_lexicon
    from khabar.nlp.entities.resources import load_clusters, load_lexicon
    from khabar.nlp.entities.tagging import tag_sentences

    dev = [s for s in read_conll(args.dev) if s.gold is not None and s.tokens]
    gold = [[to_anercorp_tag(t) for t in s.gold or ()] for s in dev]
    words = [list(s.tokens) for s in dev]
    crf = CrfTagger(args.crf, load_lexicon(), load_clusters()).compiled()
    ctx = ContextualTagger(args.model, load_neural_lexicon())
    systems: list[tuple[str, ProductTagger]] = [("crf", ProductTagger([(lambda: crf, 1.0)]))]
    neural = NeuralTagger(args.neural, load_neural_lexicon()) if args.neural else None
    if neural is not None:
        w = args.neural_weight
        systems.append((f"crf+nn{w}", ProductTagger([(lambda: crf, 1.0), (lambda: neural, w)])))
    systems.append(("ctx alone", ProductTagger([(lambda: ctx, 1.0)])))
    for weight in (float(x) for x in args.weights.split(",")):
        systems.append(
            (f"crf+ctx{weight}", ProductTagger([(lambda: crf, 1.0), (lambda: ctx, weight)]))
        )
        if neural is not None:
            experts = [(lambda: crf, 1.0), (lambda: neural, args.neural_weight)]
            experts.append((lambda: ctx, weight))
            systems.append((f"crf+nn+ctx{weight}", ProductTagger(experts)))  # type: ignore[arg-type]
    for name, tagger in systems:
        line = _line(name, gold, tagger.tag_many(words))
        if not args.no_full:
            entities._sequence_tagger = lambda name=None, t=tagger: t  # type: ignore[assignment]
            line += "  | full " + _line("", gold, tag_sentences(dev, "full")).strip()
        print(line, flush=True)


def _line(name: str, gold: list[list[str]], predicted: list[list[str]]) -> str:
    from khabar.evaluate.ner import score

    report = score(gold, predicted)
    labels = " ".join(f"{k} {v.f1:.3f}" for k, v in sorted(report.per_label.items()))
    m = report.micro
    return f"{name:<18} P {m.precision:.4f} R {m.recall:.4f} F1 {m.f1:.4f} ({labels})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=["train", "eval"])
    parser.add_argument("--lm", type=Path, help="folder of lm_forward.pt / lm_backward.pt")
    parser.add_argument(
        "--w2v",
        type=Path,
        default=Path("/tmp/khabar-neural"),
        help="folder of w2v_bare.kv (train_neural_ner.py embeddings)",
    )
    parser.add_argument("--train", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/khabar-contextual/ctx.npz"))
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--patience", type=int, default=5)
    parser.add_argument("--word-dropout", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dev", type=Path)
    parser.add_argument("--crf", type=Path)
    parser.add_argument("--neural", type=Path)
    parser.add_argument("--neural-weight", type=float, default=0.75)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--weights", default="0.5,1.0")
    parser.add_argument("--no-full", action="store_true")
    args = parser.parse_args()
    for path in (args.train, args.dev):
        if path is not None and "test" in path.name.lower():
            parser.error("refusing a test split (score it once with khabar eval-ner)")
    if args.step == "train":
        if args.train is None or args.lm is None:
            parser.error("train needs --train and --lm")
        train(args)
    else:
        if args.dev is None or args.crf is None or args.model is None:
            parser.error("eval needs --dev, --crf and --model")
        evaluate(args)


if __name__ == "__main__":
    main()

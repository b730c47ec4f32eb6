"""Train a forward or backward character language model on SaudiNewsNet (Flair-style, offline).

Contextual string embeddings (Akbik et al. 2018): a 1-layer character LSTM read over the
text left to right (``forward``) and one read right to left (``backward``); a word's
contextual vector is the forward state after its last character and the backward state
before its first. :mod:`khabar.nlp.entities.contextual` runs them in numpy.

The text is what the NER tagger sees: every SaudiNewsNet line tokenised
(:func:`khabar.nlp.entities.tokens.tokenize`), each token normalised
(:func:`khabar.arabic.normalise.normalise`), tokens joined by one space, lines by ``\\n``.
Needs the ``train`` extra (torch). One thread (the box is shared); time-boxed by
``--minutes``; a checkpoint every ``--save-every`` steps; validation perplexity (per
character, on the held-out last 1% of the text) printed at each checkpoint.

    .venv/bin/python scripts/train_char_lm.py corpus --work /tmp/d5
    nice -n 15 .venv/bin/python scripts/train_char_lm.py train --direction forward \\
        --work /tmp/d5 --minutes 25 > /tmp/d5/lm_fwd.log 2>&1 &
    nice -n 15 .venv/bin/python scripts/train_char_lm.py train --direction backward \\
        --work /tmp/d5 --minutes 25 > /tmp/d5/lm_bwd.log 2>&1 &

SaudiNewsNet has no stated licence: its text is read for training only and never shipped.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

MAX_CHARS_CORPUS = 40_000_000  # characters of text kept (more than 25 min of training sees)
MIN_CHAR_COUNT = 50  # rarer characters share the unknown id
UNKNOWN = 1  # id 0: padding / start, 1: unknown character


def build_corpus(work: Path) -> None:
    """Token lines → one text → character ids (``corpus_ids.npy``) and ``chars.json``."""
    from corpus import token_lines

    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    pieces: list[str] = []
    size = 0
    for words in token_lines():
        line = " ".join(words)
        pieces.append(line)
        size += len(line) + 1
        if size >= MAX_CHARS_CORPUS:
            break
    text = "\n".join(pieces) + "\n"
    counts = Counter(text)
    chars = sorted(c for c, n in counts.items() if n >= MIN_CHAR_COUNT)
    index = {c: k + 2 for k, c in enumerate(chars)}
    ids = np.fromiter((index.get(c, UNKNOWN) for c in text), dtype=np.uint8, count=len(text))
    np.save(work / "corpus_ids.npy", ids)
    (work / "chars.json").write_text(json.dumps(chars, ensure_ascii=False), encoding="utf-8")
    print(
        f"corpus: {len(text):,} characters, {len(chars)} kept character types "
        f"({time.time() - started:.0f}s)",
        flush=True,
    )


def train(work: Path, args: argparse.Namespace) -> None:
    """Truncated back-propagation through time over ``--batch`` parallel streams."""
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    chars = json.loads((work / "chars.json").read_text(encoding="utf-8"))
    ids = np.load(work / "corpus_ids.npy").astype(np.int64)
    if args.direction == "backward":
        ids = ids[::-1].copy()
    held = len(ids) // 100
    valid_ids, train_ids = ids[-held:], ids[:-held]
    if args.direction == "backward":  # held-out text is the same text in both directions
        valid_ids, train_ids = ids[:held], ids[held:]
    n_symbols = len(chars) + 2
    model = _char_lm_class()(n_symbols, args.emb, args.hidden)
    name = f"lm_{args.direction}"
    first_step = 0
    if args.resume:  # continue a checkpoint where its text stopped (a fresh optimiser)
        saved = torch.load(work / f"{name}.pt", weights_only=False)
        model.load_state_dict(saved["state"])
        first_step = int(saved.get("step", args.first_step))
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    streams = len(train_ids) // args.batch
    data = torch.from_numpy(train_ids[: streams * args.batch].reshape(args.batch, streams))
    state = None
    step = first_step
    position = (first_step * args.bptt) % max(1, streams - args.bptt - 1)
    started = time.time()
    deadline = started + args.minutes * 60
    total, count = 0.0, 0
    while time.time() < deadline:
        if position + args.bptt + 1 > streams:
            position, state = 0, None
        x = data[:, position : position + args.bptt]
        y = data[:, position + 1 : position + args.bptt + 1]
        position += args.bptt
        logits, state = model(x, state)
        state = tuple(s.detach() for s in state)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, n_symbols), y.reshape(-1))
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25 * args.bptt)
        optimiser.step()
        total += loss.item()
        count += 1
        step += 1
        if step % args.save_every == 0:
            ppl = _perplexity(model, valid_ids[: args.valid_chars])
            seen = step * args.batch * args.bptt  # characters read since the first run
            print(
                f"step {step} train ppl {math.exp(total / count):.3f} valid ppl {ppl:.3f} "
                f"({seen / 1e6:.1f}M chars, {time.time() - started:.0f}s)",
                flush=True,
            )
            total, count = 0.0, 0
            _save(model, chars, args, step, work / f"{name}.pt")
    _save(model, chars, args, step, work / f"{name}.pt")
    print(f"valid ppl {_perplexity(model, valid_ids[: args.valid_chars]):.3f}", flush=True)


def _save(model: Any, chars: list[str], args: argparse.Namespace, step: int, path: Path) -> None:
    import torch

    torch.save(
        {
            "state": model.state_dict(),
            "chars": chars,
            "direction": args.direction,
            "emb": args.emb,
            "hidden": args.hidden,
            "step": step,
        },
        path,
    )


def _perplexity(model: Any, ids: np.ndarray) -> float:
    import torch

    model.eval()
    with torch.no_grad():
        x = torch.from_numpy(ids[:-1].copy())[None, :]
        y = torch.from_numpy(ids[1:].copy())[None, :]
        logits, _ = model(x, None)
        loss = torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), y.reshape(-1)
        )
    model.train()
    return float(math.exp(loss.item()))


def _char_lm_class() -> type:
    import torch

    class _CharLM(torch.nn.Module):  # type: ignore[misc]
        """Embedding → 1-layer LSTM → linear decoder over characters."""

        def __init__(self, n_symbols: int, emb: int, hidden: int) -> None:
            super().__init__()
            self.emb = torch.nn.Embedding(n_symbols, emb)
            self.lstm = torch.nn.LSTM(emb, hidden, batch_first=True)
            self.drop = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(hidden, n_symbols)

        def forward(self, x, state):  # type: ignore[no-untyped-def]
            h, state = self.lstm(self.emb(x), state)
            return self.out(self.drop(h)), state

    return _CharLM


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=["corpus", "train"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/khabar-charlm"))
    parser.add_argument("--direction", choices=["forward", "backward"], default="forward")
    parser.add_argument("--emb", type=int, default=48)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--bptt", type=int, default=150)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--save-every", type=int, default=100)
    parser.add_argument("--valid-chars", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--resume", action="store_true", help="continue the saved checkpoint")
    parser.add_argument("--first-step", type=int, default=0, help="--resume: its step if unsaved")
    args = parser.parse_args()
    if args.step == "corpus":
        build_corpus(args.work)
    else:
        train(args.work, args)


if __name__ == "__main__":
    main()

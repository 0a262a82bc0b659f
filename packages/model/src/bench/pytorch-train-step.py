"""The reference SASRec training step in PyTorch: the same-machine baseline for `fewshot bench train-step`.

The model mirrors packages/model/src/sasrec exactly as configured there and in mml-method.md: item + position
embedding, LayerNorm(dropout(.)), 2 post-LN Transformer blocks (fused QKV, 2 heads, causal and padding mask,
attention dropout, GELU FFN 64 -> 256 -> 64, hidden dropout 0.5), BPR with one uniform negative per position,
Adam (dense, PyTorch's default for nn.Embedding). Batches are random full-length sequences, as in the TypeScript
bench. For each vocabulary and thread count it prints the median steps/s of the timed windows as one JSON line.

Usage: python3 pytorch-train-step.py --vocab 10000 --vocab 50000 --threads 1 --threads 2 --windows 7 --steps 10
"""
import argparse
import json
import math
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

B, T, D, LAYERS, HEADS, INNER, DROPOUT = 128, 50, 64, 2, 2, 256, 0.5


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(D, 3 * D)
        self.out = nn.Linear(D, D)
        self.norm1 = nn.LayerNorm(D, eps=1e-12)
        self.ffn_in = nn.Linear(D, INNER)
        self.ffn_out = nn.Linear(INNER, D)
        self.norm2 = nn.LayerNorm(D, eps=1e-12)
        self.dropout = nn.Dropout(DROPOUT)
        self.attention_dropout = nn.Dropout(DROPOUT)

    def forward(self, h, mask):
        batch, length, _ = h.shape
        q, k, v = self.qkv(h).view(batch, length, 3, HEADS, D // HEADS).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(D // HEADS) + mask
        context = self.attention_dropout(F.softmax(scores, dim=-1)) @ v
        context = context.transpose(1, 2).reshape(batch, length, D)
        h1 = self.norm1(self.dropout(self.out(context)) + h)
        inner = F.gelu(self.ffn_in(h1))
        return self.norm2(self.dropout(self.ffn_out(inner)) + h1)


class SasRec(nn.Module):
    def __init__(self, num_items):
        super().__init__()
        self.items = nn.Embedding(num_items + 1, D, padding_idx=0)
        self.positions = nn.Embedding(T, D)
        self.norm = nn.LayerNorm(D, eps=1e-12)
        self.dropout = nn.Dropout(DROPOUT)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.normal_(p, std=0.02)

    def loss(self, items, positives, negatives):
        positions = torch.arange(items.shape[1]).unsqueeze(0)
        h = self.norm(self.dropout(self.items(items) + self.positions(positions)))
        causal = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
        blocked = causal.unsqueeze(0) | (items == 0).unsqueeze(1)  # [B, T, T]: future or padding keys
        mask = torch.zeros(blocked.shape).masked_fill(blocked, -10000.0).unsqueeze(1)
        for block in self.blocks:
            h = block(h, mask)
        positive = (h * self.items(positives)).sum(-1)
        negative = (h * self.items(negatives)).sum(-1)
        has_target = (positives > 0).float()
        # mml-method.md's BPR: -mean log(sigmoid(s+ - s-) + 1e-10), as our bpr kernel computes it.
        return -(torch.log(torch.sigmoid(positive - negative) + 1e-10) * has_target).sum() / has_target.sum()


def bench(num_items, threads, windows, steps, warmup, seed):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    model = SasRec(num_items)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    pool = [torch.randint(1, num_items + 1, (B, T + 1)) for _ in range(4)]
    counter = [0]

    def step():
        window = pool[counter[0] % len(pool)]
        counter[0] += 1
        items, positives = window[:, :-1], window[:, 1:]
        negatives = torch.randint(1, num_items + 1, (B, T))
        optimizer.zero_grad()
        loss = model.loss(items, positives, negatives)
        loss.backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    rates = []
    for _ in range(windows):
        started = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(steps / (time.perf_counter() - started))
    parameters = sum(p.numel() for p in model.parameters())
    return {"numItems": num_items, "threads": threads, "parameters": parameters, "stepsPerSecond": statistics.median(rates), "windowStepsPerSecond": rates}


def loaded_blas():
    """The BLAS library this process really uses: Debian's torch links libblas.so.3, whose alternative may be the
    slow reference implementation (libblas3) rather than OpenBLAS."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "/" in line and "blas" in os.path.basename(line.split()[-1]).lower()}
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vocab", type=int, action="append", required=True)
    parser.add_argument("--threads", type=int, action="append", required=True)
    parser.add_argument("--windows", type=int, default=7)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps({"torch": torch.__version__, "blas": loaded_blas()}), flush=True)
    for num_items in args.vocab:
        for threads in args.threads:
            print(json.dumps(bench(num_items, threads, args.windows, args.steps, args.warmup, args.seed)), flush=True)


if __name__ == "__main__":
    main()

"""HF/PyTorch anchor for issue 4's SST-2 benchmark: a plain training loop with the same settings as
Sst2FineTune (MiniLM checkpoint converted by spark-bert, 1 epoch over the first ROWS rows of
SST-2 train, global batch 32, AdamW lr 1e-4 wd 0.01 without decay on bias/LayerNorm, linear
schedule with 10% warm-up, clipping 1.0, max length 64, seed 42 unless given, 2 threads). Prints
steady-state samples/s (steps after the 10th) and, when all steps run, dev accuracy. PRECISION bf16
trains under torch.autocast("cpu", dtype=torch.bfloat16), as HF's Trainer with bf16=True (evaluation in float32).

Usage: python hf_sst2_train.py CHECKPOINT_DIR SST2_DIR [ROWS] [MAX_STEPS or ""] [PRECISION] [SEED]
"""
import math
import sys
import time

import torch
from transformers import BertForSequenceClassification, PreTrainedTokenizerFast

from hf_loop import adamw_linear, steady_samples_per_second, train_step

ckpt, data = sys.argv[1], sys.argv[2]
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 8000
max_steps = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None
bf16 = len(sys.argv) > 5 and sys.argv[5] == "bf16"
torch.set_num_threads(2)
seed = int(sys.argv[6]) if len(sys.argv) > 6 else 42
torch.manual_seed(seed)


def read(path):
    lines = open(path, encoding="utf-8").read().splitlines()[1:]
    return [(l.split("\t")[0], int(l.split("\t")[1])) for l in lines]


train = read(f"{data}/train.tsv")[:rows]
dev = read(f"{data}/dev.tsv")
tok = PreTrainedTokenizerFast(tokenizer_file=f"{ckpt}/tokenizer.json", pad_token="[PAD]")
model = BertForSequenceClassification.from_pretrained(ckpt, num_labels=2)
steps = math.ceil(len(train) / 32)
opt, sched = adamw_linear(model, steps)
g = torch.Generator().manual_seed(seed)
order = torch.randperm(len(train), generator=g).tolist()
model.train()
times = []
for step in range(steps if max_steps is None else min(steps, max_steps)):
    t0 = time.perf_counter()
    batch = [train[i] for i in order[step * 32:(step + 1) * 32]]
    enc = tok([t for t, _ in batch], truncation=True, max_length=64, padding=True, return_tensors="pt")
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        train_step(model, opt, sched, **enc, labels=torch.tensor([y for _, y in batch]))
    times.append((time.perf_counter() - t0, len(batch)))
print(f"hf {'bf16' if bf16 else 'fp32'} steps={len(times)} train samples/s={steady_samples_per_second(times):.1f}")
if max_steps is None or max_steps >= steps:
    model.eval()
    correct = 0
    with torch.inference_mode():
        for s in range(0, len(dev), 64):
            b = dev[s:s + 64]
            enc = tok([t for t, _ in b], truncation=True, max_length=64, padding=True, return_tensors="pt")
            correct += (model(**enc).logits.argmax(-1) == torch.tensor([y for _, y in b])).sum().item()
    print(f"hf dev accuracy={correct / len(dev):.4f}")

"""HF transformers (PyTorch eager) side of issue 2's forward benchmark, and the check that a
checkpoint saved by spark-bert opens in HF with the same outputs.

Usage: python hf_forward.py OUT_DIR SST2_DEV [PASSES]
OUT_DIR is what dev.sparkbert.core.bench.ForwardBenchmark wrote (checkpoint/ and logits.safetensors).
Needs torch, transformers and safetensors (the machine's local wheel mirror has them); not used by CI.
"""
import statistics
import sys
import time

import torch
from safetensors.torch import load_file
from transformers import BertForSequenceClassification, PreTrainedTokenizerFast

out_dir, tsv = sys.argv[1], sys.argv[2]
passes = int(sys.argv[3]) if len(sys.argv) > 3 else 20
torch.set_num_threads(2)
sentences = [line.split("\t")[0] for line in open(tsv, encoding="utf-8").read().splitlines()[1:]]
model = BertForSequenceClassification.from_pretrained(out_dir + "/checkpoint").eval()
tok = PreTrainedTokenizerFast(tokenizer_file=out_dir + "/checkpoint/tokenizer.json", pad_token="[PAD]")
logits = torch.zeros(len(sentences), 2)


def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024


rates = []
for p in range(-2, passes):
    t0 = time.perf_counter()
    enc = tok(sentences, truncation=True, max_length=128)
    lengths = [len(ids) for ids in enc["input_ids"]]
    order = sorted(range(len(sentences)), key=lambda i: lengths[i])
    with torch.inference_mode():
        for s in range(0, len(order), 32):
            idx = order[s:s + 32]
            batch = tok.pad({k: [enc[k][i] for i in idx] for k in enc.keys()}, return_tensors="pt")
            logits[idx] = model(**batch).logits
    secs = time.perf_counter() - t0
    print(f"hf pass={p} seconds={secs:.3f} sentences/s={len(sentences) / secs:.1f} "
          f"tokens/s={sum(lengths) / secs:.0f} rss_mb={rss_mb()}")
    if p >= 0:
        rates.append(len(sentences) / secs)
print(f"hf median sentences/s={statistics.median(rates):.1f}")

ours = load_file(out_dir + "/logits.safetensors")["logits"]
print(f"max |spark-bert logits - HF logits| = {(ours - logits).abs().max().item():.2e}")

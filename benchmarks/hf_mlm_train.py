"""HF/PyTorch anchor for the masked-LM pretraining benchmark (WikitextMlm): a plain loop with the same
settings: documents of WikiText-2 valid (blank-line separated, headings dropped, the first 90% used),
each document's tokens cut into blocks of 126 (+ [CLS] and [SEP]), DataCollatorForLanguageModeling
masking (15%, 80/10/10), global batch 32, AdamW lr 1e-4 wd 0.01 without decay on bias/LayerNorm,
linear schedule with 10% warm-up, clipping 1.0, seed 42, 2 threads, BertForMaskedLM from the same
MiniLM checkpoint (its decoder over every position, as HF computes it). Prints steady-state
samples/s (steps after the 10th).

Usage: python hf_mlm_train.py CHECKPOINT_DIR WIKITEXT_VALID [MAX_STEPS]
"""
import math
import re
import sys
import time

import torch
from transformers import BertForMaskedLM, DataCollatorForLanguageModeling, PreTrainedTokenizerFast

from hf_loop import adamw_linear, steady_samples_per_second, train_step

ckpt, path = sys.argv[1], sys.argv[2]
max_steps = int(sys.argv[3]) if len(sys.argv) > 3 else None
torch.set_num_threads(2)
torch.manual_seed(42)

docs = [d.strip() for d in re.split(r"\n\s*\n", open(path, encoding="utf-8").read()) if d.strip()]
docs = [d for d in docs if not d.startswith("=")]
docs = docs[:round(len(docs) * 0.9)]
tok = PreTrainedTokenizerFast(tokenizer_file=f"{ckpt}/tokenizer.json", pad_token="[PAD]", mask_token="[MASK]",
                              cls_token="[CLS]", sep_token="[SEP]", unk_token="[UNK]")
cls, sep = tok.convert_tokens_to_ids(["[CLS]", "[SEP]"])
blocks = []
for d in docs:
    ids = tok(d, add_special_tokens=False)["input_ids"]
    for s in range(0, len(ids), 126):
        blocks.append([cls] + ids[s:s + 126] + [sep])
collator = DataCollatorForLanguageModeling(tok, mlm_probability=0.15)
model = BertForMaskedLM.from_pretrained(ckpt)
steps = math.ceil(len(blocks) / 32)
opt, sched = adamw_linear(model, steps)
order = torch.randperm(len(blocks), generator=torch.Generator().manual_seed(42)).tolist()
model.train()
times = []
for step in range(steps if max_steps is None else min(steps, max_steps)):
    t0 = time.perf_counter()
    batch = collator([{"input_ids": blocks[i]} for i in order[step * 32:(step + 1) * 32]])
    loss = train_step(model, opt, sched, **batch)
    times.append((time.perf_counter() - t0, len(batch["input_ids"])))
print(f"hf blocks={len(blocks)} steps={len(times)} last_loss={loss:.4f} train samples/s={steady_samples_per_second(times):.1f}")

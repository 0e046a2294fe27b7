"""Same batches, same start, same math: the first training steps of SQuAD question answering on the
MiniLM checkpoint, in HF transformers, for spark-bert-core to repeat (benchmarks/qa_steps.sh).

Writes OUT_DIR/init (the checkpoint as BertForQuestionAnswering, qa_outputs initialised with seed
42, dropout 0 so both sides compute the same function) and OUT_DIR/batches.safetensors (STEPS
batches of 32 questions of dev-v1.1.part1.json, their first window of at most 256 tokens, padded
per batch), then runs STEPS steps of HF's AdamW (lr 1e-4, weight decay 0.01 without bias/LayerNorm,
linear schedule over 174 steps with 18 warm-up steps, clipping 1.0) and prints loss, pre-clip
gradient norm and learning rate per step.

Usage: python hf_qa_steps.py CHECKPOINT_DIR SQUAD_JSON OUT_DIR [STEPS]
"""
import json
import shutil
import sys

import torch
from safetensors.torch import save_file
from transformers import BertConfig, BertForQuestionAnswering, PreTrainedTokenizerFast

from hf_loop import adamw_linear, qa_span, qa_types

ckpt, squad, out = sys.argv[1], sys.argv[2], sys.argv[3]
steps = int(sys.argv[4]) if len(sys.argv) > 4 else 4
torch.manual_seed(42)
config = BertConfig.from_pretrained(ckpt, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
model = BertForQuestionAnswering.from_pretrained(ckpt, config=config)
model.save_pretrained(f"{out}/init")
shutil.copy(f"{ckpt}/tokenizer.json", f"{out}/init")

tok = PreTrainedTokenizerFast(tokenizer_file=f"{ckpt}/tokenizer.json", pad_token="[PAD]")
qs = [(qa["question"], p["context"], qa["answers"][0]) for a in json.load(open(squad, encoding="utf-8"))["data"]
      for p in a["paragraphs"] for qa in p["qas"]][:32 * steps]
enc = tok([q for q, _, _ in qs], [c for _, c, _ in qs], truncation="only_second", max_length=256,
          return_offsets_mapping=True)
batches = {}
for b in range(steps):
    rows = range(b * 32, b * 32 + 32)
    width = max(len(enc["input_ids"][i]) for i in rows)
    cols = {k: [] for k in ["input_ids", "token_type_ids", "attention_mask", "start_positions", "end_positions"]}
    for i in rows:
        seq = enc.sequence_ids(i)
        start, end = qa_span(seq, enc["offset_mapping"][i], qs[i][2])
        n, pad = len(seq), width - len(seq)
        cols["input_ids"].append(enc["input_ids"][i] + [tok.pad_token_id] * pad)
        cols["token_type_ids"].append(qa_types(seq) + [0] * pad)
        cols["attention_mask"].append([1] * n + [0] * pad)
        cols["start_positions"].append(start)
        cols["end_positions"].append(end)
    for k, v in cols.items():
        batches[f"step{b}.{k}"] = torch.tensor(v)
save_file(batches, f"{out}/batches.safetensors")

opt, sched = adamw_linear(model, 174)
model.train()
for b in range(steps):
    loss = model(**{k[len(f"step{b}."):]: v for k, v in batches.items() if k.startswith(f"step{b}.")}).loss
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    print(f"hf step {b} loss {loss.item():.6f} grad_norm {norm.item():.6f} lr {sched.get_last_lr()[0]:.3e}")
    opt.step()
    sched.step()
    opt.zero_grad()

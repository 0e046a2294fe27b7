"""HF/PyTorch anchor for issue 4's SQuAD benchmark: a plain training loop with the settings of
SquadFineTune (MiniLM checkpoint unpacked by spark-bert, the first 80% of the articles of
dev-v1.1.part1.json, windows of MAX_LEN tokens with 96 shared, answers outside a window -> [CLS],
1 epoch, global batch 32, AdamW lr 1e-4 wd 0.01 without decay on bias/LayerNorm, linear schedule
with 10% warm-up, clipping 1.0, seed 42, 2 threads). Scores the other articles as
BertQuestionAnsweringModel does (per window: start x end probability over spans of at most 15
tokens; best window wins) with the official SQuAD v1.1 exact match and F1.

Usage: python hf_squad_train.py CHECKPOINT_DIR SQUAD_JSON [MAX_LEN] [MAX_STEPS or ""] [SAVE_DIR or ""] [SEED]
    [ORDER]
MAX_STEPS 0 only scores CHECKPOINT_DIR (e.g. a model spark-bert trained: the same scoring for both);
SAVE_DIR keeps the trained model with the checkpoint's tokenizer (for spark-bert to score it);
SEED (default 42) seeds torch (head init, dropout) and the order; ORDER "windows" (default: HF's
sampler shuffles windows) or "questions" (questions shuffled, a question's windows kept together,
as spark-bert's first epoch does).
"""
import collections
import json
import math
import re
import shutil
import string
import sys
import time

import torch
from transformers import BertForQuestionAnswering, PreTrainedTokenizerFast

from hf_loop import adamw_linear, qa_span, qa_types, steady_samples_per_second, train_step

ckpt, path = sys.argv[1], sys.argv[2]
max_len = int(sys.argv[3]) if len(sys.argv) > 3 else 256
max_steps = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None
save_dir = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
seed = int(sys.argv[6]) if len(sys.argv) > 6 else 42
by_question = len(sys.argv) > 7 and sys.argv[7] == "questions"
torch.set_num_threads(2)
torch.manual_seed(seed)

articles = json.load(open(path, encoding="utf-8"))["data"]
cut = round(len(articles) * 0.8)


def questions(arts):
    return [(qa["question"], p["context"], qa["answers"]) for a in arts for p in a["paragraphs"] for qa in p["qas"]]


train, test = questions(articles[:cut]), questions(articles[cut:])
tok = PreTrainedTokenizerFast(tokenizer_file=f"{ckpt}/tokenizer.json", pad_token="[PAD]")


def windows(qs):
    return tok([q for q, _, _ in qs], [c for _, c, _ in qs], truncation="only_second", max_length=max_len,
               stride=96, return_overflowing_tokens=True, return_offsets_mapping=True)


enc = windows(train)
features = []
for i, sample in enumerate(enc["overflow_to_sample_mapping"]):
    seq = enc.sequence_ids(i)
    start, end = qa_span(seq, enc["offset_mapping"][i], train[sample][2][0])
    features.append((enc["input_ids"][i], qa_types(seq), start, end, sample))

model = BertForQuestionAnswering.from_pretrained(ckpt)
steps = math.ceil(len(features) / 32)
opt, sched = adamw_linear(model, steps)
if by_question:
    questions_order = torch.randperm(len(train), generator=torch.Generator().manual_seed(seed)).tolist()
    windows_of = collections.defaultdict(list)
    for i, f in enumerate(features):
        windows_of[f[4]].append(i)
    order = [i for q in questions_order for i in windows_of[q]]
else:
    order = torch.randperm(len(features), generator=torch.Generator().manual_seed(seed)).tolist()


def pad(rows, value):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [value] * (width - len(r)) for r in rows])


model.train()
times = []
for step in range(steps if max_steps is None else min(steps, max_steps)):
    t0 = time.perf_counter()
    batch = [features[i] for i in order[step * 32:(step + 1) * 32]]
    ids = pad([f[0] for f in batch], tok.pad_token_id)
    loss = train_step(model, opt, sched, input_ids=ids, token_type_ids=pad([f[1] for f in batch], 0),
                      attention_mask=(ids != tok.pad_token_id).long(),
                      start_positions=torch.tensor([f[2] for f in batch]),
                      end_positions=torch.tensor([f[3] for f in batch]))
    times.append((time.perf_counter() - t0, len(batch)))
    if (step + 1) % 10 == 0:
        print(f"hf step {step + 1}/{steps} loss {loss:.4f}", flush=True)
if times:
    print(f"hf seed={seed} order={'questions' if by_question else 'windows'} windows={len(features)} "
          f"steps={len(times)} train samples/s={steady_samples_per_second(times):.1f}")
if save_dir:
    model.save_pretrained(save_dir)
    shutil.copy(f"{ckpt}/tokenizer.json", save_dir)


def normalize(s):
    s = "".join(ch for ch in s.lower() if ch not in set(string.punctuation))
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", s).split())


def f1(pred, gold):
    p, g = normalize(pred).split(), normalize(gold).split()
    common = sum((collections.Counter(p) & collections.Counter(g)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


model.eval()
enc = windows(test)
best = {}
with torch.inference_mode():
    for s in range(0, len(enc["input_ids"]), 32):
        idx = range(s, min(s + 32, len(enc["input_ids"])))
        ids = pad([enc["input_ids"][i] for i in idx], tok.pad_token_id)
        out = model(input_ids=ids, token_type_ids=pad([qa_types(enc.sequence_ids(i)) for i in idx], 0),
                    attention_mask=(ids != tok.pad_token_id).long())
        for row, i in enumerate(idx):
            ctx = [t for t, sid in enumerate(enc.sequence_ids(i)) if sid == 1]
            allowed = [0] + ctx  # softmax over [CLS] and the context tokens
            ps = torch.softmax(out.start_logits[row, allowed], -1)[1:]
            pe = torch.softmax(out.end_logits[row, allowed], -1)[1:]
            scores = ps[:, None] * pe[None, :]
            scores = torch.triu(scores) - torch.triu(scores, diagonal=15)
            flat = int(scores.argmax())
            a, b = divmod(flat, len(ctx))
            sample = enc["overflow_to_sample_mapping"][i]
            offsets = enc["offset_mapping"][i]
            text = test[sample][1][offsets[ctx[a]][0]:offsets[ctx[b]][1]]
            score = float(scores[a, b])
            if sample not in best or score > best[sample][0]:
                best[sample] = (score, text)
em = sum(max(float(normalize(best[k][1]) == normalize(g["text"])) for g in test[k][2]) for k in best)
f = sum(max(f1(best[k][1], g["text"]) for g in test[k][2]) for k in best)
print(f"hf held-out questions={len(test)} exact_match={100 * em / len(test):.2f} F1={100 * f / len(test):.2f}")

"""What the HF/PyTorch anchor loops (hf_sst2_train.py, hf_squad_train.py, hf_qa_steps.py, ddp_sst2.py) share:
the optimizer as HF's Trainer builds it (AdamW, no decay on bias/LayerNorm, linear schedule with
warm-up), one training step with clipping, the steady-state throughput (steps after the 10th), and
the labels of a SQuAD window."""
import math

import torch
from transformers import get_scheduler


def adamw_linear(model, steps, lr=1e-4, weight_decay=0.01, warmup_ratio=0.1):
    no_decay = ["bias", "LayerNorm.weight"]
    groups = [{"params": [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)],
               "weight_decay": weight_decay},
              {"params": [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)],
               "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=lr)
    sched = get_scheduler("linear", opt, num_warmup_steps=math.ceil(warmup_ratio * steps), num_training_steps=steps)
    return opt, sched


def train_step(model, opt, sched, **inputs):
    """Forward with labels, backward, clip to 1.0, AdamW step, schedule step; returns the loss."""
    out = model(**inputs)
    out.loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    sched.step()
    opt.zero_grad()
    return out.loss.item()


def steady_samples_per_second(times):
    """times: (seconds, samples) per step; the first 10 steps are warm-up."""
    steady = times[10:]
    return sum(n for _, n in steady) / sum(t for t, _ in steady)


def qa_types(seq_ids):
    """Token type ids from sequence ids: 1 from the first context token on (its [SEP] included)."""
    first = seq_ids.index(1)
    return [0] * first + [1] * (len(seq_ids) - first)


def qa_span(seq_ids, offsets, answer):
    """First and last token of a SQuAD answer in one window, or (0, 0) ([CLS]) when the window
    does not hold all of it."""
    ctx = [t for t, s in enumerate(seq_ids) if s == 1]
    a_start, a_end = answer["answer_start"], answer["answer_start"] + len(answer["text"])
    if offsets[ctx[0]][0] <= a_start and offsets[ctx[-1]][1] >= a_end:
        start = next(t for t in ctx if offsets[t][1] > a_start)
        return start, next(t for t in reversed(ctx) if offsets[t][0] < a_end)
    return 0, 0

"""One starting checkpoint for both SQuAD loops: HF's BertForQuestionAnswering over a BERT checkpoint,
its qa_outputs head drawn by HF's _init_weights under torch.manual_seed(SEED), saved with the
checkpoint's tokenizer and with the dropout probabilities given (default 0). From it
hf_squad_train.py and `benchmarks/train_benchmarks.sh 1 squad 256 -1 SEED "" OUT_DIR` start from the
same weights; with dropout 0 the order of the windows is then the only random draw left.

Usage: python hf_qa_start.py CHECKPOINT_DIR OUT_DIR [SEED] [DROPOUT]
"""
import shutil
import sys

import torch
from transformers import BertForQuestionAnswering

ckpt, out = sys.argv[1], sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
dropout = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
torch.manual_seed(seed)
model = BertForQuestionAnswering.from_pretrained(ckpt, hidden_dropout_prob=dropout,
                                                 attention_probs_dropout_prob=dropout)
model.save_pretrained(out)
shutil.copy(f"{ckpt}/tokenizer.json", out)
print(f"wrote {out}: seed {seed}, dropout {dropout}, qa_outputs std {model.qa_outputs.weight.std().item():.5f}")

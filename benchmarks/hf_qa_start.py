"""One starting checkpoint for both SQuAD loops: HF's BertForQuestionAnswering over a BERT checkpoint,
saved with the checkpoint's tokenizer and with the dropout probabilities given (default 0). Its
qa_outputs head is drawn by HF's _init_weights under torch.manual_seed(SEED) (HEAD "hf", the head
hf_squad_train.py starts from with that seed), or as spark-bert's estimator draws it for SEED (HEAD
"spark-bert": core.weights.WeightInit, a java.util.Random seeded by SEED and the key, reproduced
here). From it hf_squad_train.py and `benchmarks/train_benchmarks.sh 1 squad 256 -1 SEED "" OUT_DIR`
start from the same weights; with dropout 0 the order of the windows is then the only random draw
left.

Usage: python hf_qa_start.py CHECKPOINT_DIR OUT_DIR [SEED] [DROPOUT] [HEAD]
"""
import math
import shutil
import sys

import torch
from transformers import BertForQuestionAnswering


class JavaRandom:
    """java.util.Random (48-bit LCG) and its polar-method nextGaussian."""

    MULT, ADD, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed):
        self.state = (seed ^ self.MULT) & self.MASK
        self.spare = None

    def _next(self, bits):
        self.state = (self.state * self.MULT + self.ADD) & self.MASK
        r = self.state >> (48 - bits)
        return r - (1 << 32) if r >= 1 << 31 else r  # Java's cast to int

    def _next_double(self):
        return ((self._next(26) << 27) + self._next(27)) * 2.0 ** -53

    def next_gaussian(self):
        if self.spare is not None:
            g, self.spare = self.spare, None
            return g
        while True:
            v1, v2 = 2 * self._next_double() - 1, 2 * self._next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        m = math.sqrt(-2 * math.log(s) / s)
        self.spare = v2 * m
        return v1 * m


def java_long(x):
    x &= (1 << 64) - 1
    return x - (1 << 64) if x >= 1 << 63 else x


def java_string_hash(s):
    h = 0
    for c in s:
        h = (31 * h + ord(c)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def spark_bert_init(key, shape, seed, std):
    """WeightInit.initialValue of a Linear or Embedding weight: float32 normal(0, std) draws."""
    r = JavaRandom(java_long(seed * 0x9E3779B97F4A7C15 + java_string_hash(key)))
    std32 = torch.tensor(std, dtype=torch.float32)
    values = torch.tensor([r.next_gaussian() for _ in range(math.prod(shape))], dtype=torch.float32)
    return (values * std32).reshape(shape)


ckpt, out = sys.argv[1], sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
dropout = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
head = sys.argv[5] if len(sys.argv) > 5 else "hf"
if head not in ("hf", "spark-bert"):
    sys.exit(f"HEAD must be hf or spark-bert, got {head!r}")
torch.manual_seed(seed)
model = BertForQuestionAnswering.from_pretrained(ckpt, hidden_dropout_prob=dropout,
                                                 attention_probs_dropout_prob=dropout)
if head == "spark-bert":
    with torch.no_grad():
        w = model.qa_outputs.weight
        w.copy_(spark_bert_init("qa_outputs.weight", tuple(w.shape), seed, model.config.initializer_range))
        model.qa_outputs.bias.zero_()
model.save_pretrained(out)
shutil.copy(f"{ckpt}/tokenizer.json", out)
print(f"wrote {out}: seed {seed}, dropout {dropout}, {head} head, qa_outputs std "
      f"{model.qa_outputs.weight.std().item():.5f}, first {model.qa_outputs.weight[0, :2].tolist()}")

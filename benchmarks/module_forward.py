"""Issue 15: our TorchScript encoder (spark-bert-core/src/main/torchscript) beside HF's BertModel, forward
only, on the same SST-2 dev batches (sorted by length, 32 per batch, tokenized once, outside the timing),
2 threads, median of 5 passes after a warm-up: what the module itself costs, without tokenization,
pooling or Spark. Loads the shipped module with the venv's torch, not DJL's libtorch.
usage: python benchmarks/module_forward.py HF_DIR DEV_TSV MODE...   (MODE: hf-fp32, hf-bf16, fp32, bf16 (on
oneDNN's packed weights where the CPU has its bfloat16 kernels, as spark-bert runs it), bf16-plain;
int8 runs in ONNX Runtime, not in the module: benchmarks/encoders.sh)"""
import csv, os, sys, time, torch
from transformers import BertModel, PreTrainedTokenizerFast
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "spark-bert-core", "src", "main")
sys.path.insert(0, os.path.join(ROOT, "torchscript"))
from bert_encoder import weight_names
torch.set_num_threads(2)
d, tsv, modes = sys.argv[1], sys.argv[2], sys.argv[3:]
sents = [r["sentence"] for r in csv.DictReader(open(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)]
tok = PreTrainedTokenizerFast(tokenizer_file=d + "/tokenizer.json")
order = sorted(range(len(sents)), key=lambda i: len(tok(sents[i])["input_ids"]))
batches = [tok([sents[j] for j in order[i:i + 32]], padding=True, truncation=True, max_length=128,
               return_tensors="pt", return_token_type_ids=True) for i in range(0, len(order), 32)]
fp32 = BertModel.from_pretrained(d, add_pooling_layer=False).eval()
state = fp32.state_dict()
weights = [state[k].contiguous() for k in weight_names(fp32.config.num_hidden_layers)]
module_file = os.path.join(ROOT, "resources", "dev", "sparkbert", "core", "precision", "bert_encoder.pt")
def rows_per_second(f):
    def once():
        t = time.perf_counter()
        with torch.inference_mode():
            for b in batches: f(b)
        return len(sents) / (time.perf_counter() - t)
    once()
    return sorted(once() for _ in range(5))[2]
for mode in modes:
    if mode.startswith("hf-"):
        m = BertModel.from_pretrained(d, add_pooling_layer=False, attn_implementation="sdpa",
                                      dtype=torch.bfloat16 if mode == "hf-bf16" else torch.float32).eval()
        f = lambda b, m=m: m(**b)
    else:
        m = torch.jit.load(module_file)
        pack = mode == "bf16" and torch.ops.mkldnn._is_mkldnn_bf16_supported()
        m.load(weights, fp32.config.num_attention_heads, fp32.config.layer_norm_eps, "gelu", mode.split("-")[0], pack)
        f = lambda b, m=m: m(b["input_ids"], b["token_type_ids"], b["attention_mask"])
    print("%s rows/s=%.1f" % (mode, rows_per_second(f)), flush=True)

"""The BERT encoder (HF BertModel without its pooler) as one TorchScript module: one native call per
forward pass in float32, and bfloat16, which DJL's PyTorch JNI cannot express: its tensors cross
the JNI as int64 ids and float32 weights and hidden states only, and everything in between runs in
float32 or bfloat16 inside libtorch (int8 runs in ONNX Runtime: dev.sparkbert.core.precision.OnnxEncoder).
dev.sparkbert.core.precision.CompiledEncoder loads it and hands it the weights.

Writes the modules the Java side ships (spark-bert-core/src/main/resources/dev/sparkbert/core/precision/
bert_encoder.pt, 13 KB of code, no weights, and bert_encoder_training.pt, BertEncoderTraining, which
dev.sparkbert.core.precision.TrainingEncoder runs); the shipped ones were written by torch 2.15 (the venv
of ../shared/tools/hfenv.sh) and libtorch 2.7.1 reads them (CompiledEncoderTest, TrainingEncoderTest):
    python bert_encoder.py OUT.pt [TRAINING_OUT.pt]

Weights (load's first argument), float32, in this order (HF names under "bert."):
    embeddings.word_embeddings.weight, .position_embeddings.weight, .token_type_embeddings.weight,
    embeddings.LayerNorm.weight, .bias, then for each layer, under encoder.layer.N.:
    attention.self.query.weight, .bias, .key.weight, .bias, .value.weight, .bias,
    attention.output.dense.weight, .bias, attention.output.LayerNorm.weight, .bias,
    intermediate.dense.weight, .bias, output.dense.weight, .bias, output.LayerNorm.weight, .bias
"""
import sys
from typing import List

import torch
import torch.nn.functional as F


def activation(act: str, x: torch.Tensor) -> torch.Tensor:
    """act: gelu (erf), gelu_tanh, relu or silu."""
    if act == "gelu_tanh":
        return F.gelu(x, approximate="tanh")
    if act == "relu":
        return F.relu(x)
    if act == "silu":
        return F.silu(x)
    return F.gelu(x)


def dropout(x: torch.Tensor, p: float, training: bool) -> torch.Tensor:
    """F.dropout's distribution (keep with probability 1 - p, scaled by 1 / (1 - p)) from one float32
    uniform draw per element of the default generator, u >= p, as dev.sparkbert.core.nn.Dropout:
    bernoulli_ spends two 32-bit draws per element on a double-precision uniform."""
    if not training or p == 0.0:
        return x
    if p >= 1.0:
        return torch.zeros_like(x)
    # In place on the draws: a float mask without a bool tensor and a cast.
    keep = torch.rand(x.shape, dtype=torch.float32).ge_(p)
    return x * keep.mul_(1.0 / (1.0 - p))


class BertEncoder(torch.nn.Module):
    # 5 embedding tensors, then 16 per layer (the order in the docstring).
    w: List[torch.Tensor]
    # Per layer, query, key and value as one linear layer (rows q, then k, then v): one matrix
    # product instead of three, the same numbers.
    qkv_w: List[torch.Tensor]
    qkv_b: List[torch.Tensor]
    # Per layer, the weights of its four linear layers (query/key/value, attention output,
    # intermediate, output) in oneDNN's blocked layout, or none: F.linear reorders a plain weight
    # on every call, and only oneDNN's linear can apply the activation in the same pass.
    packed: List[torch.Tensor]

    def __init__(self):
        super().__init__()
        self.w = []
        self.qkv_w = []
        self.qkv_b = []
        self.packed = []
        self.heads = 1
        self.eps = 1e-12
        self.act = "gelu"
        self.mode = "fp32"

    @torch.jit.export
    def load(self, weights: List[torch.Tensor], heads: int, eps: float, act: str, mode: str, pack: bool) -> int:
        """act: gelu (erf), gelu_tanh, relu or silu; mode: fp32 or bf16 (every weight in bfloat16);
        pack: run the linear layers through oneDNN on weights packed once (the CPU must have
        oneDNN's kernels for the mode). Returns the weights kept."""
        self.heads = heads
        self.eps = eps
        self.act = act
        self.mode = mode
        # fp32 reads the caller's float32 tensors in place (the caller keeps them alive) but for the
        # fused query/key/value copy; bf16 copies all but query, key and value, which only the fused
        # copy needs.
        layers = (len(weights) - 5) // 16
        self.w = [w.detach() for w in weights]
        self.qkv_w = []
        self.qkv_b = []
        for n in range(layers):
            base = 5 + n * 16
            self.qkv_w.append(torch.cat([self.w[base], self.w[base + 2], self.w[base + 4]]))
            self.qkv_b.append(torch.cat([self.w[base + 1], self.w[base + 3], self.w[base + 5]]))
        if mode == "bf16":
            self.w = [torch.empty(0) if i >= 5 and (i - 5) % 16 < 6 else self.w[i].to(torch.bfloat16)
                      for i in range(len(self.w))]
            self.qkv_w = [w.to(torch.bfloat16) for w in self.qkv_w]
            self.qkv_b = [b.to(torch.bfloat16) for b in self.qkv_b]
        self.packed = []
        if pack:
            for n in range(layers):
                self.packed.append(torch.ops.mkldnn._reorder_linear_weight(self.qkv_w[n]))
                for k in [6, 10, 12]:
                    self.packed.append(torch.ops.mkldnn._reorder_linear_weight(self.w[5 + n * 16 + k]))
                    if mode == "bf16":
                        self.w[5 + n * 16 + k] = torch.empty(0)
            self.qkv_w = [torch.empty(0) for _ in range(layers)]
        return len(self.w)

    def linear(self, x: torch.Tensor, layer: int, k: int, act: str = "none") -> torch.Tensor:
        """Linear layer k of a layer (k: 0 query, key and value fused; 6, 10, 12 as in load's order),
        then the activation act ("none" or as load's)."""
        base = 5 + layer * 16 + k
        bias = self.qkv_b[layer] if k == 0 else self.w[base + 1]
        if len(self.packed) > 0:
            weight = self.packed[layer * 4 + [0, 6, 10, 12].index(k)]
            if act == "gelu" or act == "gelu_tanh":
                return torch.ops.mkldnn._linear_pointwise(x, weight, bias, "gelu", [],
                                                          "tanh" if act == "gelu_tanh" else "none")
            return torch.ops.mkldnn._linear_pointwise(x, weight, bias, "swish" if act == "silu" else act, [], "")
        y = F.linear(x, self.qkv_w[layer] if k == 0 else self.w[base], bias)
        return y if act == "none" else activation(act, y)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor,
                attention_mask: torch.Tensor) -> torch.Tensor:
        """(batch, seq) int64 each -> last hidden state (batch, seq, hidden) float32."""
        w = self.w
        batch, seq = input_ids.shape[0], input_ids.shape[1]
        positions = torch.arange(seq, dtype=torch.long).unsqueeze(0)
        x = F.embedding(input_ids, w[0]) + F.embedding(positions, w[1]) + F.embedding(token_type_ids, w[2])
        hidden = x.shape[-1]
        x = F.layer_norm(x, [hidden], w[3], w[4], self.eps)
        keep = attention_mask.to(torch.bool).view(batch, 1, 1, seq)
        head = hidden // self.heads
        layers = (len(w) - 5) // 16
        for n in range(layers):
            base = 5 + n * 16
            qkv = self.linear(x, n, 0).view(batch, seq, 3, self.heads, head).permute(2, 0, 3, 1, 4)
            ctx = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=keep)
            ctx = ctx.transpose(1, 2).reshape(batch, seq, hidden)
            a = F.layer_norm(self.linear(ctx, n, 6) + x, [hidden], w[base + 8], w[base + 9], self.eps)
            i = self.linear(a, n, 10, self.act)
            x = F.layer_norm(self.linear(i, n, 12) + a, [hidden], w[base + 14], w[base + 15], self.eps)
        return x.float()


class BertEncoderTraining(torch.nn.Module):
    """The same encoder for training passes, with autocast semantics in bf16: the caller's float32
    weights (DJL parameters that collect gradients) come with every call and are cast inside, so
    gradients reach them in float32; linear layers and attention run in bfloat16, embeddings, layer
    norms, activations and residual sums in float32 (torch.autocast's CPU lists). Dropout draws from
    libtorch's default generator; HF's padding_idx keeps gradients off the [PAD] row."""

    def __init__(self):
        super().__init__()
        self.heads = 1
        self.eps = 1e-12
        self.act = "gelu"
        self.bf16 = False
        self.hidden_dropout = 0.0
        self.attention_dropout = 0.0
        self.pad_id = 0

    @torch.jit.export
    def configure(self, heads: int, eps: float, act: str, mode: str, hidden_dropout: float,
                  attention_dropout: float, pad_id: int) -> int:
        """mode: fp32 or bf16; act as BertEncoder.load's. Returns the number of heads."""
        self.heads = heads
        self.eps = eps
        self.act = act
        self.bf16 = mode == "bf16"
        self.hidden_dropout = hidden_dropout
        self.attention_dropout = attention_dropout
        self.pad_id = pad_id
        return heads

    def linear(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        if self.bf16:
            return F.linear(x.to(torch.bfloat16), w.to(torch.bfloat16), b.to(torch.bfloat16))
        return F.linear(x, w, b)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor, attention_mask: torch.Tensor,
                w: List[torch.Tensor]) -> torch.Tensor:
        """(batch, seq) int64 each and the weights (BertEncoder.load's order) -> last hidden state
        (batch, seq, hidden) float32."""
        batch, seq = input_ids.shape[0], input_ids.shape[1]
        positions = torch.arange(seq, dtype=torch.long).unsqueeze(0)
        # In training the word embeddings' gradient is sparse: a pass adds only its rows into the
        # dense gradient instead of allocating, zeroing and adding a vocabulary-sized one.
        x = (F.embedding(input_ids, w[0], self.pad_id, sparse=self.training) + F.embedding(positions, w[1])
             + F.embedding(token_type_ids, w[2]))
        hidden = x.shape[-1]
        x = dropout(F.layer_norm(x, [hidden], w[3], w[4], self.eps), self.hidden_dropout, self.training)
        keep = attention_mask.to(torch.bool).view(batch, 1, 1, seq)
        masked = keep.logical_not()
        head = hidden // self.heads
        p = self.attention_dropout if self.training else 0.0
        for n in range((len(w) - 5) // 16):
            b = 5 + n * 16
            q = self.linear(x, w[b], w[b + 1]).view(batch, seq, self.heads, head).transpose(1, 2)
            k = self.linear(x, w[b + 2], w[b + 3]).view(batch, seq, self.heads, head).transpose(1, 2)
            v = self.linear(x, w[b + 4], w[b + 5]).view(batch, seq, self.heads, head).transpose(1, 2)
            if p > 0.0:
                # Written out as HF's eager attention under autocast (products in the linear
                # layers' precision, softmax in float32), its dropout drawn as the others: SDPA has
                # no fused CPU kernel with dropout_p > 0 and computes bfloat16 in float32 then.
                scores = torch.matmul(q * (float(head) ** -0.5), k.transpose(-1, -2)).float()
                probs = dropout(torch.softmax(scores.masked_fill(masked, -3.4028234663852886e38), -1), p, True)
                ctx = torch.matmul(probs.to(v.dtype), v)
            else:
                ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
            ctx = ctx.transpose(1, 2).reshape(batch, seq, hidden)
            out = dropout(self.linear(ctx, w[b + 6], w[b + 7]).float(), self.hidden_dropout, self.training)
            a = F.layer_norm(out + x, [hidden], w[b + 8], w[b + 9], self.eps)
            i = activation(self.act, self.linear(a, w[b + 10], w[b + 11]).float())
            out = dropout(self.linear(i, w[b + 12], w[b + 13]).float(), self.hidden_dropout, self.training)
            x = F.layer_norm(out + a, [hidden], w[b + 14], w[b + 15], self.eps)
        return x


def weight_names(layers: int) -> List[str]:
    """HF BertModel's names (no "bert." prefix) of load's weights, in load's order."""
    names = ["embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
             "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"]
    for n in range(layers):
        for module in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                       "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm"]:
            names += ["encoder.layer.%d.%s.%s" % (n, module, kind) for kind in ["weight", "bias"]]
    return names


if __name__ == "__main__":
    torch.jit.script(BertEncoder()).save(sys.argv[1])
    if len(sys.argv) > 2:
        torch.jit.script(BertEncoderTraining()).save(sys.argv[2])

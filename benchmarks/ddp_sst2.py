"""Issue 14's anchor for data-parallel scaling: PyTorch DistributedDataParallel (gloo over loopback, the
CPU backend) fine-tuning MiniLM on SST-2 with N processes of one thread each, the setting of
scaling_standalone.sh (N executors of one core). N = 1 runs the same loop without DDP. Each step takes
the next GLOBAL rows of a seeded shuffle of the first ROWS rows of SST-2 train; rank r trains on its
share of them (padded to its longest, at most 64 tokens), as HF's Trainer does with DDP; the step of
hf_loop.py otherwise (AdamW lr 1e-4, linear schedule with 10% warm-up, clipping 1.0). Prints rank 0's
steady samples/s of the whole job (steps after the 10th, all ranks' samples).

Usage: python ddp_sst2.py CHECKPOINT_DIR SST2_TRAIN_TSV N [ROWS] [GLOBAL]
  GLOBAL is the global batch (default 32: 32 / N rows per process, the issue's protocol); a
  per-process batch B instead is GLOBAL = B x N.
"""
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from transformers import BertForSequenceClassification, PreTrainedTokenizerFast

from hf_loop import adamw_linear, steady_samples_per_second, train_step


def run(rank, n, ckpt, tsv, rows, global_batch, port):
    torch.set_num_threads(1)
    if n > 1:
        os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
        dist.init_process_group("gloo", rank=rank, world_size=n)
    lines = open(tsv, encoding="utf-8").read().splitlines()[1:rows + 1]
    train = [(l.split("\t")[0], int(l.split("\t")[1])) for l in lines]
    tok = PreTrainedTokenizerFast(tokenizer_file=f"{ckpt}/tokenizer.json", pad_token="[PAD]")
    torch.manual_seed(42)
    model = BertForSequenceClassification.from_pretrained(ckpt, num_labels=2)
    steps = len(train) // global_batch
    opt, sched = adamw_linear(model, steps)
    net = torch.nn.parallel.DistributedDataParallel(model) if n > 1 else model
    order = torch.randperm(len(train), generator=torch.Generator().manual_seed(42)).tolist()
    share = global_batch // n
    net.train()
    times = []
    for step in range(steps):
        if n > 1:
            dist.barrier()
        t0 = time.perf_counter()
        first = step * global_batch + rank * share
        batch = [train[i] for i in order[first:first + share]]
        enc = tok([t for t, _ in batch], truncation=True, max_length=64, padding=True, return_tensors="pt")
        # Under DDP the backward averages the gradients over the ranks in buckets while it runs.
        train_step(net, opt, sched, **enc, labels=torch.tensor([y for _, y in batch]))
        times.append((time.perf_counter() - t0, global_batch))
    if rank == 0:
        print(f"ddp processes={n} global batch={global_batch} steps={steps} "
              f"train samples/s={steady_samples_per_second(times):.1f}", flush=True)
    if n > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    ckpt, tsv, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 1600
    global_batch = int(sys.argv[5]) if len(sys.argv) > 5 else 32
    if global_batch % n:
        sys.exit(f"GLOBAL ({global_batch}) must be a multiple of N ({n})")
    port = 29500 + os.getpid() % 1000
    if n == 1:
        run(0, 1, ckpt, tsv, rows, global_batch, port)
    else:
        mp.spawn(run, args=(n, ckpt, tsv, rows, global_batch, port), nprocs=n)

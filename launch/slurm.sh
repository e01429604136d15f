#!/bin/bash
# Multi-node training under Slurm: one `accelerate launch` per node (srun starts them), DeepSpeed
# ZeRO-3 across all GPUs. Submit with:  sbatch launch/slurm.sh recipes/<recipe>.yaml [--set k=v ...]
#SBATCH --job-name=rlsynth
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node=8
#SBATCH --cpus-per-task=64
#SBATCH --time=24:00:00
#SBATCH --output=runs/slurm-%j.out
set -euo pipefail

RECIPE=${1:?usage: sbatch launch/slurm.sh RECIPE [--set key=value ...]}
shift
GPUS_PER_NODE=${SLURM_GPUS_PER_NODE:-8}
MAIN_IP=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
export MAIN_IP GPUS_PER_NODE

# One launcher per node; each reads its machine rank from SLURM_NODEID.
srun --kill-on-bad-exit=1 bash -c '
  accelerate launch --config_file launch/multi_node.yaml \
    --num_machines "$SLURM_NNODES" \
    --num_processes $((SLURM_NNODES * GPUS_PER_NODE)) \
    --machine_rank "$SLURM_NODEID" \
    --main_process_ip "$MAIN_IP" \
    --main_process_port 29500 \
    -m rlsynth train "$@"' _ "$RECIPE" "$@"

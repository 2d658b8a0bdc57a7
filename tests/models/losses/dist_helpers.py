"""Worker for the 2-process gloo test of the all-reduced DTD temperature
(importable by spawned children: pytest puts this folder on sys.path)."""
import torch
import torch.distributed as dist


def dtd_temperature_worker(rank, world_size, init_file, out_dir, s, t, valid,
                           bounds, options):
    dist.init_process_group(
        'gloo',
        init_method=f'file://{init_file}',
        rank=rank,
        world_size=world_size)
    try:
        from mmkd_teach.models.losses import DTDLoss
        from mmkd_teach.models.losses.functional import dynamic_temperature
        from mmkd_teach.models.task_views import LogitItems
        lo, hi = bounds[rank]
        part = (s[lo:hi], t[lo:hi], valid[lo:hi])
        tau = dynamic_temperature(*part, all_reduce=True, **options)
        local = dynamic_temperature(*part, all_reduce=False, **options)
        student = part[0].clone().requires_grad_(True)
        items = LogitItems(student, part[1], torch.zeros(hi - lo).long(),
                           part[2])
        loss = DTDLoss(temperature=dict(options, all_reduce=True))(items)
        loss.backward()
        torch.save(
            dict(tau=tau, local=local, loss=loss.detach(),
                 grad=student.grad), f'{out_dir}/rank{rank}.pth')
    finally:
        dist.destroy_process_group()

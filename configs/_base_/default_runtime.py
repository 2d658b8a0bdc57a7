# Runtime shared by the toy configs (the upstream `default_runtime` of each
# toolbox is used by the real-dataset configs instead).
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=10),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # written to a temporary file and renamed, old ones removed after
    checkpoint=dict(
        type='mmkd_teach.SafeCheckpointHook', interval=1, max_keep_ckpts=1),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    # the random states in every checkpoint: `--resume` is exact
    random_state=dict(type='mmkd_teach.RandomStateHook'))
env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'))
log_processor = dict(type='LogProcessor', window_size=10, by_epoch=True)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0)

"""find_last_complete_checkpoint: what --resume resumes from after a kill
that cut a checkpoint or last_checkpoint short."""
import os

import torch

from mmkd_teach.engine import find_last_complete_checkpoint


def test_skips_cut_files(tmp_path):
    assert find_last_complete_checkpoint(str(tmp_path)) is None
    for n in (1, 2, 3):
        torch.save({'n': n}, tmp_path / f'epoch_{n}.pth')
    (tmp_path / 'best_acc_epoch_9.pth').write_bytes(b'')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_1.pth'))
    assert find_last_complete_checkpoint(str(tmp_path)).endswith('epoch_1.pth')
    data = (tmp_path / 'epoch_3.pth').read_bytes()
    (tmp_path / 'epoch_3.pth').write_bytes(data[:len(data) // 2])  # cut
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_'))
    assert find_last_complete_checkpoint(str(tmp_path)).endswith('epoch_2.pth')
    os.remove(tmp_path / 'last_checkpoint')
    assert find_last_complete_checkpoint(str(tmp_path)).endswith('epoch_2.pth')

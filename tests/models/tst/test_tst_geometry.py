"""Boxes and label maps follow the image warp exactly (whole-pixel
translations, 90-degree rotations); boxes that leave are dropped."""
import torch

from mmkd_teach.models.tst.geometry import (to_theta, warp_boxes, warp_images,
                                            warp_label_maps)
from mmkd_teach.models.tst.operations import geometric_matrix


def box_image(h, w, box):
    img = torch.zeros(1, 1, h, w)
    x1, y1, x2, y2 = box
    img[..., y1:y2, x1:x2] = 1
    return img


def support(img):
    ys, xs = (img[0, 0] > 0.5).nonzero(as_tuple=True)
    return [xs.min().item(), ys.min().item(), xs.max().item() + 1,
            ys.max().item() + 1]


def check(matrix, h, w, box):
    theta = to_theta(matrix, h, w)
    img = box_image(h, w, box)
    warped = warp_images(img, theta)
    labels = warp_label_maps(img.long() + 1, theta, ignore_index=255)
    moved, keep = warp_boxes(torch.tensor([box], dtype=torch.float), theta[0],
                             h, w)
    assert keep.all()
    # whole-pixel warps: the image moves without resampling blur
    assert torch.allclose(warped, warped.round(), atol=1e-4)
    assert moved[0].round().tolist() == support(warped)
    assert torch.allclose(moved[0], moved[0].round(), atol=1e-4)
    # the label map is the same warp, with 255 where it came from outside
    assert torch.equal(labels == 2, warped > 0.5)
    return warped, labels


def test_whole_pixel_translation():
    h, w = 24, 32
    # TranslateX at v moves the content right by 0.45 v W: 3 px
    v = 3 / (0.45 * w)
    warped, labels = check(geometric_matrix('TranslateX', v), h, w,
                           [4, 6, 12, 14])
    assert support(warped) == [7, 6, 15, 14]
    assert (labels[..., :3] == 255).all() and (labels[..., 3:] != 255).all()
    v = -5 / (0.45 * h)  # 5 px up
    warped, _ = check(geometric_matrix('TranslateY', v), h, w, [4, 6, 12, 14])
    assert support(warped) == [4, 1, 12, 9]


def test_quarter_rotations():
    h = w = 20
    for v in (3., -3., 6.):  # Rotate at v turns by 30 v degrees
        check(geometric_matrix('Rotate', v), h, w, [2, 3, 9, 15])


def test_boxes_leaving_the_image_are_dropped():
    h, w = 24, 32
    boxes = torch.tensor([[26., 4., 31., 10.], [1., 4., 6., 10.],
                          [10., 10., 20., 20.]])
    theta = to_theta(geometric_matrix('TranslateX', 1.), h, w)[0]  # 14.4 px
    moved, keep = warp_boxes(boxes, theta, h, w)
    assert keep.tolist() == [False, True, True]
    assert (moved[:, 2] - moved[:, 0] >= 1).all()
    assert (moved[:, 3] - moved[:, 1] >= 1).all()
    assert (moved >= 0).all() and (moved[:, [0, 2]] <= w).all()
    # clipped at the right border, never negative-sized
    assert torch.allclose(moved[0], torch.tensor([15.4, 4., 20.4, 10.]))
    assert torch.allclose(moved[1], torch.tensor([24.4, 10., 32., 20.]))
    empty, keep = warp_boxes(torch.zeros(0, 4), theta, h, w)
    assert empty.shape == (0, 4) and keep.numel() == 0

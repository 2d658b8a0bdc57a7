"""Colour statistics of the toy sets, and how well they alone read the class.

Features (all RGB, of the images as written), six numbers per item:

* cls: mean and std of R, G, B over the image;
* det: the same over each object's box (``region='box'``) or over its own
  pixels (``'mask'``);
* seg: the same over the 9x9 window around sampled labelled pixels
  (``seg_features``), or over all of a class's pixels in an image
  (``seg_class_features``).

Each ``*_features`` returns ``({transform: X (n, 6)}, y (n, ))``, the
images read once and passed through each of ``transforms`` (keys of
``TRANSFORMS``: the colour operations under which a real label survives).

``skill`` is the held-out accuracy of a k-nearest-neighbour classifier on
those six numbers, as ``(acc - majority) / (1 - majority)``: 0 reads no
more of the class than always answering the commonest class, 1 reads it
all. ``balanced_skill`` is the same on the mean recall against chance.
"""
import json
import os
import os.path as osp

import cv2
import numpy as np

WINDOW = 9
TRANSFORMS = dict(
    none=lambda img: img,
    invert=lambda img: 255 - img,
    solarize=lambda img: np.where(img >= 128, 255 - img, img).astype(
        np.uint8),
    brighter=lambda img: np.clip(img.astype(np.float32) * 1.5, 0,
                                 255).astype(np.uint8),
    darker=lambda img: (img.astype(np.float32) * 0.5).astype(np.uint8),
)


def read_rgb(path):
    return cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR),
                        cv2.COLOR_BGR2RGB)


def _mean_std(pixels):
    pixels = pixels.reshape(-1, 3).astype(np.float64)
    return np.concatenate([pixels.mean(0), pixels.std(0)])


def _per_transform(transforms, items, describe):
    """``{t: X}``: ``describe(TRANSFORMS[t](img), extra)`` rows stacked for
    every ``(img, extra)`` of ``items``."""
    out = {t: [] for t in transforms}
    for img, extra in items:
        for t in transforms:
            out[t].append(describe(TRANSFORMS[t](img), extra))
    return {t: np.concatenate(rows) for t, rows in out.items()}


def cls_features(root, split, transforms=('none', )):
    """Mean and std of R, G, B of each image of a classification split."""
    items, labels = [], []
    with open(osp.join(root, 'meta', f'{split}.txt')) as f:
        for line in f:
            rel, label = line.split()
            items.append((read_rgb(osp.join(root, split, rel)), None))
            labels.append(int(label))
    feats = _per_transform(transforms, items,
                           lambda img, _: _mean_std(img)[None])
    return feats, np.array(labels)


def det_features(root, split, transforms=('none', ), region='box'):
    """One row per object, over its box or (``region='mask'``) its own
    pixels; the label is the category id."""
    path = osp.join(root, 'annotations', f'instances_{split}.json')
    with open(path) as f:
        coco = json.load(f)
    if region == 'mask':
        from pycocotools.coco import COCO
        api = COCO(path)
    per_image = {img['id']: [] for img in coco['images']}
    for ann in coco['annotations']:
        if region == 'mask':
            where = api.annToMask(ann).astype(bool)
        else:
            x, y, w, h = (int(v) for v in ann['bbox'])
            where = np.s_[y:y + h, x:x + w]
        per_image[ann['image_id']].append((where, ann['category_id']))
    labels = [label for img in coco['images']
              for _, label in per_image[img['id']]]
    items = [(read_rgb(osp.join(root, split, img['file_name'])),
              per_image[img['id']]) for img in coco['images']]

    def describe(img, objects):
        return np.array([_mean_std(img[w]) for w, _ in objects]).reshape(
            -1, 6)

    return _per_transform(transforms, items, describe), np.array(labels)


def seg_pairs(root, split):
    """``[(image path, label path)]`` of a Cityscapes-layout split."""
    img_root = osp.join(root, 'leftImg8bit', split)
    pairs = []
    for folder, _, files in sorted(os.walk(img_root)):
        for name in sorted(files):
            img = osp.join(folder, name)
            label = img.replace('leftImg8bit', 'gtFine', 1).replace(
                '_leftImg8bit.png', '_gtFine_labelTrainIds.png')
            pairs.append((img, label))
    return pairs


def _window_stats(img):
    """``(h, w, 6)`` mean and std of R, G, B over each pixel's window."""
    img = img.astype(np.float64)
    box = dict(ksize=(WINDOW, WINDOW), borderType=cv2.BORDER_REFLECT)
    mean = cv2.blur(img, **box)
    sq = cv2.blur(img * img, **box)
    return np.concatenate([mean, np.sqrt(np.maximum(sq - mean * mean, 0))],
                          axis=2)


def seg_features(root, split, transforms=('none', ), per_image=200,
                 seed=0):
    """``per_image`` labelled pixels drawn uniformly from each image,
    described by their window's statistics; the label is the train id."""
    rng = np.random.default_rng(seed)
    items, labels = [], []
    for img_path, label_path in seg_pairs(root, split):
        label = cv2.imread(label_path, cv2.IMREAD_UNCHANGED)
        yy, xx = np.nonzero(label != 255)
        pick = rng.choice(len(yy), size=min(per_image, len(yy)),
                          replace=False)
        items.append((read_rgb(img_path), (yy[pick], xx[pick])))
        labels.append(label[yy[pick], xx[pick]])
    feats = _per_transform(transforms, items,
                           lambda img, at: _window_stats(img)[at])
    return feats, np.concatenate(labels).astype(np.int64)


def seg_class_features(root, split, transforms=('none', ), min_pixels=20):
    """One row per class of each image (with at least ``min_pixels``):
    mean and std of R, G, B over that class's pixels."""
    items, labels = [], []
    for img_path, label_path in seg_pairs(root, split):
        label = cv2.imread(label_path, cv2.IMREAD_UNCHANGED)
        masks = []
        for cls in np.unique(label):
            mask = label == cls
            if cls != 255 and mask.sum() >= min_pixels:
                masks.append(mask)
                labels.append(int(cls))
        items.append((read_rgb(img_path), masks))

    def describe(img, masks):
        return np.array([_mean_std(img[m]) for m in masks]).reshape(-1, 6)

    return _per_transform(transforms, items, describe), np.array(labels)


def knn_predict(x_train, y_train, x_test, k=15):
    """Majority vote of the ``k`` nearest training rows (features scaled by
    the training spread; ties to the smaller label)."""
    mu, sd = x_train.mean(0), x_train.std(0) + 1e-6
    a, b = (x_train - mu) / sd, (x_test - mu) / sd
    preds = []
    for start in range(0, len(b), 256):
        chunk = b[start:start + 256]
        dist = ((chunk[:, None, :] - a[None]) ** 2).sum(-1)
        near = np.argpartition(dist, k, axis=1)[:, :k]
        preds.extend(np.bincount(v).argmax() for v in y_train[near])
    return np.array(preds)


def skill(x_train, y_train, x_test, y_test, k=15):
    """``(acc - majority) / (1 - majority)`` of the k-NN on held-out rows,
    the majority class being the training set's commonest."""
    acc = float((knn_predict(x_train, y_train, x_test, k) == y_test).mean())
    majority = float((y_test == np.bincount(y_train).argmax()).mean())
    return (acc - majority) / (1 - majority)


def balanced_skill(x_train, y_train, x_test, y_test, k=15):
    """The same with the mean recall over the test classes against chance
    (``1 / classes``): unlike ``skill``, about 0 for features that tell
    nothing however unequal the classes (a k-NN then falls below the
    majority class's accuracy)."""
    pred = knn_predict(x_train, y_train, x_test, k)
    classes = np.unique(y_test)
    recall = np.mean([(pred[y_test == c] == c).mean() for c in classes])
    return float((recall - 1 / len(classes)) / (1 - 1 / len(classes)))


def anova_p(x, y):
    """Per feature, the p-value of a one-way ANOVA of ``x`` by class
    ``y`` (are the class means equal?): ``(6, )``. Class-independent
    colours keep it from being tiny."""
    from scipy.stats import f_oneway
    groups = [x[y == c] for c in np.unique(y)]
    return np.asarray(f_oneway(*groups).pvalue)

"""Drawing of textured shapes and backgrounds (numpy + OpenCV), shared by the
toy detection, segmentation and classification sets."""
import cv2
import numpy as np

SHAPES = ('circle', 'square', 'triangle', 'ring', 'cross')


def background(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A smooth random colour field with grain, uint8 (h, w, 3)."""
    coarse = rng.uniform(40, 200, size=(3, 4, 3)).astype(np.float32)
    img = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    img += rng.normal(0, 12, size=(h, w, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def texture(rng: np.random.Generator, h: int, w: int, kind: str,
            colour) -> np.ndarray:
    """A (h, w, 3) float texture of ``kind`` around ``colour``."""
    colour = np.asarray(colour, np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == 'stripes':
        angle = rng.uniform(0, np.pi)
        period = rng.uniform(4, 8)
        wave = np.sin((xx * np.cos(angle) + yy * np.sin(angle)) * 2 * np.pi /
                      period)
        tex = colour[None, None] * (0.75 + 0.25 * wave[..., None])
    elif kind == 'dots':
        period = rng.uniform(5, 8)
        wave = np.sin(xx * 2 * np.pi / period) * np.sin(yy * 2 * np.pi /
                                                       period)
        tex = colour[None, None] * (0.8 + 0.3 * (wave[..., None] > 0.3))
    else:  # 'flat'
        tex = np.broadcast_to(colour, (h, w, 3)).copy()
    tex = tex + rng.normal(0, 10, size=(h, w, 3))
    return tex


def shape_mask(shape: str, h: int, w: int, cx: float, cy: float,
               size: float, angle: float = 0.0) -> np.ndarray:
    """A bool (h, w) mask of ``shape`` centred at (cx, cy), ``size`` wide."""
    mask = np.zeros((h, w), np.uint8)
    r = size / 2
    centre = (int(round(cx)), int(round(cy)))
    if shape == 'circle':
        cv2.circle(mask, centre, int(round(r)), 1, -1)
    elif shape == 'ring':
        cv2.circle(mask, centre, int(round(r)), 1, -1)
        cv2.circle(mask, centre, max(1, int(round(r * 0.55))), 0, -1)
    elif shape in ('square', 'triangle', 'cross'):
        if shape == 'square':
            pts = np.array([[-r, -r], [r, -r], [r, r], [-r, r]])
        elif shape == 'triangle':
            pts = np.array([[0, -r], [r, r * 0.85], [-r, r * 0.85]])
        else:
            a, b = r, r * 0.35
            pts = np.array([[-b, -a], [b, -a], [b, -b], [a, -b], [a, b],
                            [b, b], [b, a], [-b, a], [-b, b], [-a, b],
                            [-a, -b], [-b, -b]])
        rot = np.array([[np.cos(angle), -np.sin(angle)],
                        [np.sin(angle), np.cos(angle)]])
        pts = pts @ rot.T + np.array([cx, cy])
        cv2.fillPoly(mask, [np.round(pts).astype(np.int32)], 1)
    else:
        raise ValueError(f'unknown shape {shape!r}')
    return mask.astype(bool)


def paint(img: np.ndarray, mask: np.ndarray, tex: np.ndarray) -> None:
    """Paint ``tex`` into ``img`` where ``mask`` (in place)."""
    img[mask] = np.clip(tex[mask], 0, 255).astype(np.uint8)


def jitter(rng: np.random.Generator, colour, amount: float = 25.0):
    return np.clip(np.asarray(colour) + rng.uniform(-amount, amount, 3), 0,
                   255)


def add_clutter(rng: np.random.Generator, img: np.ndarray,
                amount: float) -> None:
    """Paint unlabelled distractors into ``img`` (in place): about
    ``4 * amount`` elongated ellipses and lines of random colour and
    texture, none of them one of ``SHAPES``."""
    h, w = img.shape[:2]
    for _ in range(int(rng.poisson(4 * amount))):
        mask = np.zeros((h, w), np.uint8)
        cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
        length = int(rng.uniform(0.1, 0.4) * min(h, w))
        angle = float(rng.uniform(0, 180))
        if rng.random() < 0.5:
            axes = (max(1, length // 2), max(1, int(length * rng.uniform(
                0.1, 0.3))))
            cv2.ellipse(mask, (cx, cy), axes, angle, 0, 360, 1, -1)
        else:
            dx = int(length * np.cos(np.deg2rad(angle)))
            dy = int(length * np.sin(np.deg2rad(angle)))
            cv2.line(mask, (cx, cy), (cx + dx, cy + dy), 1,
                     int(rng.integers(1, 4)))
        kind = ('flat', 'stripes', 'dots')[int(rng.integers(3))]
        paint(img, mask.astype(bool),
              texture(rng, h, w, kind, rng.uniform(30, 230, 3)))


def save_png(path: str, img: np.ndarray) -> None:
    """Write an RGB (or single-channel) array as PNG, deterministically."""
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    if not cv2.imwrite(path, img):
        raise OSError(f'could not write {path}')

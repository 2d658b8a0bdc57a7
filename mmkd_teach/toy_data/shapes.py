"""Drawing of textured shapes and backgrounds (numpy + OpenCV), shared by the
toy detection, segmentation and classification sets.

Colour never tells a class: every colour comes from ``random_colour``
(uniform in an RGB cube that Invert maps onto itself), whatever is being
drawn, and every texture is a zero-mean ``pattern`` of unit contrast scaled
by an amplitude drawn from one range (``TEXTURE_AMPLITUDE``), so hue,
brightness, saturation and contrast have the same distribution in every
class. What a class may own is its outline (``shape_mask``, at a given area
whatever the shape: ``side_for_area``), the structure of its texture
(stripes, checks, speckle, ...) and, in the street scenes, its place.
"""
import cv2
import numpy as np

SHAPES = ('circle', 'square', 'triangle', 'ring', 'cross')
# Area of each shape_mask as a share of its ``size`` squared.
SHAPE_FILL = dict(circle=np.pi / 4, square=1.0, triangle=0.4625,
                  ring=np.pi / 4 * (1 - 0.55 ** 2), cross=0.5775)
# The range of every colour channel: symmetric about 127.5, so that
# ``255 - colour`` (Invert) has the same distribution.
COLOUR_RANGE = (20.0, 235.0)
# The standard deviation of every texture (grey levels), as a range.
TEXTURE_AMPLITUDE = (12.0, 28.0)
_SHIFT = 4  # fractional bits of the drawing coordinates
PATTERNS = ('stripes', 'checks', 'speckle', 'blotches', 'hstripes',
            'vstripes', 'dstripes', 'windows', 'tiles', 'clouds')


def random_colour(rng: np.random.Generator) -> np.ndarray:
    """An RGB colour, uniform in the ``COLOUR_RANGE`` cube (any hue,
    saturation and brightness)."""
    return rng.uniform(*COLOUR_RANGE, 3)


def luma(colour) -> float:
    r, g, b = np.asarray(colour, np.float64)[..., :3].T
    return 0.299 * r + 0.587 * g + 0.114 * b


def contrasting_colour(rng: np.random.Generator, against,
                       min_luma: float = 0.0, min_distance: float = 0.0,
                       tries: int = 30) -> np.ndarray:
    """A ``random_colour`` at least ``min_luma`` lighter or darker than
    ``against`` and ``min_distance`` from it in RGB (as far as ``tries``
    draws allow)."""
    against = np.asarray(against, np.float64)
    for _attempt in range(tries):
        colour = random_colour(rng)
        if (abs(luma(colour) - luma(against)) >= min_luma
                and np.linalg.norm(colour - against) >= min_distance):
            break
    return colour


def contrasting_colours(rng: np.random.Generator, num: int,
                        min_luma: float = 0.0, min_distance: float = 0.0,
                        tries: int = 30) -> np.ndarray:
    """``num`` colours (``(num, 3)``) at least ``min_luma`` apart in
    brightness and ``min_distance`` apart in RGB (as far as ``tries`` draws
    of each allow), in a random order: every position has the same
    distribution, so whatever a position stands for (object or background,
    road or sky) is not told by its colour, and which of two is the lighter
    is a coin toss."""
    colours = []
    for _ in range(num):
        for _attempt in range(tries):
            colour = random_colour(rng)
            if all(
                    abs(luma(colour) - luma(c)) >= min_luma
                    and np.linalg.norm(colour - c) >= min_distance
                    for c in colours):
                break
        colours.append(colour)
    return np.array(colours)[rng.permutation(num)]


def pattern(rng: np.random.Generator, h: int, w: int,
            kind: str) -> np.ndarray:
    """A (h, w) float32 texture field of ``kind`` (one of ``PATTERNS``),
    zero mean and unit standard deviation: the kinds differ in structure,
    not in contrast. Their detail is at most 9 pixels across, so that a
    9x9 window sees about the contrast the whole field has."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind in ('stripes', 'hstripes', 'vstripes', 'dstripes'):
        angle = dict(
            stripes=rng.uniform(0, np.pi),
            vstripes=0.0,
            hstripes=np.pi / 2,
            dstripes=np.pi / 4 + np.pi / 2 * int(rng.integers(2)))[kind]
        period = rng.uniform(4, 7)
        phase = rng.uniform(0, 2 * np.pi)
        field = np.tanh(3 * np.sin(
            (xx * np.cos(angle) + yy * np.sin(angle)) * 2 * np.pi / period +
            phase))
    elif kind == 'checks':
        angle, period = rng.uniform(0, np.pi / 2), rng.uniform(5, 8)
        u = (xx * np.cos(angle) + yy * np.sin(angle)) * 2 * np.pi / period
        v = (yy * np.cos(angle) - xx * np.sin(angle)) * 2 * np.pi / period
        u, v = u + rng.uniform(0, 2 * np.pi), v + rng.uniform(0, 2 * np.pi)
        field = np.tanh(3 * np.sin(u) * np.sin(v))
    elif kind in ('speckle', 'blotches', 'clouds'):
        sigma = dict(speckle=(0.7, 0.7), blotches=(1.3, 1.3),
                     clouds=(2.5, 0.6))[kind]
        noise = rng.normal(0, 1, (h, w)).astype(np.float32)
        field = cv2.GaussianBlur(noise, (0, 0), sigmaX=sigma[0],
                                 sigmaY=sigma[1],
                                 borderType=cv2.BORDER_REFLECT)
    elif kind in ('windows', 'tiles'):
        px, py = rng.uniform(5, 8), rng.uniform(6, 9)
        if kind == 'tiles':
            py = px
        ox, oy = rng.uniform(0, px), rng.uniform(0, py)
        fx, fy = ((xx + ox) % px) / px, ((yy + oy) % py) / py
        if kind == 'windows':  # window panes on a wall
            field = ((fx < 0.5) & (fy < 0.55)).astype(np.float32)
        else:  # the joints between paving slabs
            field = ((fx < 0.2) | (fy < 0.2)).astype(np.float32)
    else:
        raise ValueError(f'unknown pattern {kind!r}')
    field = field - field.mean()
    return field / max(float(field.std()), 1e-6)


def texture(rng: np.random.Generator, h: int, w: int, kind: str, colour,
            amplitude: float = None) -> np.ndarray:
    """A (h, w, 3) float texture: ``colour`` modulated in brightness by a
    ``pattern`` of ``kind``, of standard deviation ``amplitude`` (drawn
    from ``TEXTURE_AMPLITUDE`` when not given)."""
    if amplitude is None:
        amplitude = rng.uniform(*TEXTURE_AMPLITUDE)
    colour = np.asarray(colour, np.float32)
    field = pattern(rng, h, w, kind) * np.float32(amplitude)
    return colour[None, None] + field[..., None]


def background(rng: np.random.Generator, h: int, w: int, colour=None,
               spread: float = 12.0) -> np.ndarray:
    """A smooth colour field around ``colour`` (a ``random_colour`` when not
    given), varying by ``spread`` grey levels over a 3x4 grid, uint8
    (h, w, 3)."""
    if colour is None:
        colour = random_colour(rng)
    coarse = (np.asarray(colour, np.float32) +
              rng.normal(0, spread, size=(3, 4, 3)).astype(np.float32))
    img = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.clip(img, 0, 255).astype(np.uint8)


def add_noise(rng: np.random.Generator, img: np.ndarray,
              sigma: float) -> np.ndarray:
    """``img`` with Gaussian grain of ``sigma`` grey levels, uint8."""
    noisy = img.astype(np.float32) + rng.normal(0, sigma, img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def side_for_area(shape: str, area: float) -> float:
    """The ``size`` at which ``shape_mask(shape, ...)`` covers ``area``
    pixels: drawn at a given area, no shape is larger or smaller than
    another (so neither its pixel count nor its share of the image tell
    it)."""
    return float(np.sqrt(area / SHAPE_FILL[shape]))


def mask_of_area(shape: str, h: int, w: int, cx: float, cy: float,
                 area: float, angle: float = 0.0) -> np.ndarray:
    """``shape_mask`` at the size that covers about ``area`` pixels, the
    pixel grid included (``side_for_area`` corrected by the drawn area, the
    closest of a few tries): no shape is drawn larger than another."""
    side = side_for_area(shape, area)
    best = None
    for _ in range(4):
        mask = shape_mask(shape, h, w, cx, cy, side, angle)
        drawn = int(mask.sum())
        if best is None or abs(drawn - area) < abs(best[0] - area):
            best = (drawn, mask)
        if drawn == 0 or abs(drawn - area) <= 0.01 * area:
            break
        side *= float(np.sqrt(area / drawn))
    return best[1]


def shape_mask(shape: str, h: int, w: int, cx: float, cy: float,
               size: float, angle: float = 0.0) -> np.ndarray:
    """A bool (h, w) mask of ``shape`` centred at (cx, cy), ``size`` wide."""
    mask = np.zeros((h, w), np.uint8)
    r = size / 2
    # drawn at 1/16 pixel (OpenCV's ``shift``), so the area grows smoothly
    # with ``size``
    scale = 1 << _SHIFT
    centre = (int(round(cx * scale)), int(round(cy * scale)))
    if shape in ('circle', 'ring'):
        cv2.circle(mask, centre, int(round(r * scale)), 1, -1, cv2.LINE_8,
                   _SHIFT)
        if shape == 'ring':
            cv2.circle(mask, centre, max(scale, int(round(r * 0.55 * scale))),
                       0, -1, cv2.LINE_8, _SHIFT)
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
        cv2.fillPoly(mask, [np.round(pts * scale).astype(np.int32)], 1,
                     cv2.LINE_8, _SHIFT)
    else:
        raise ValueError(f'unknown shape {shape!r}')
    return mask.astype(bool)


def paint(img: np.ndarray, mask: np.ndarray, tex: np.ndarray) -> None:
    """Paint ``tex`` into ``img`` where ``mask`` (in place)."""
    img[mask] = np.clip(tex[mask], 0, 255).astype(np.uint8)


def add_clutter(rng: np.random.Generator, img: np.ndarray,
                amount: float) -> None:
    """Paint unlabelled distractors into ``img`` (in place): about
    ``4 * amount`` elongated ellipses and lines, none of them one of
    ``SHAPES``, of random colour and texture (drawn as every labelled
    thing's, whatever lies under them)."""
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
        kind = ('stripes', 'checks', 'speckle')[int(rng.integers(3))]
        paint(img, mask.astype(bool),
              texture(rng, h, w, kind, random_colour(rng)))


def save_png(path: str, img: np.ndarray) -> None:
    """Write an RGB (or single-channel) array as PNG, deterministically."""
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    if not cv2.imwrite(path, img):
        raise OSError(f'could not write {path}')

"""Week pictures as PNG, with the standard library alone: rectangles and a
small built-in font, drawn at twice the SVG's size and compressed with zlib."""

import struct
import zlib

from harness.commands.pictures import (
    BAR,
    FAINTEST,
    HOUR,
    LEFT,
    ROW,
    TOP,
    UNKNOWN_COLOUR,
    WIDTH,
    WeekPicture,
    colours,
    legend,
)

SCALE = 2
WHITE = (255, 255, 255)
INK = (34, 34, 34)
GREY_INK = (85, 85, 85)
GRID = (204, 204, 204)

# A 5x7 font of capitals, digits and the punctuation pictures use: each glyph
# is seven rows of five bits, written as two hex digits a row. Small letters
# are drawn as capitals; a character without a glyph is drawn as "?".
GLYPH_WIDTH = 5
GLYPH_HEIGHT = 7
# fmt: off
FONT = {
    "0": "0E11131519110E", "1": "040C040404040E", "2": "0E11010204081F",
    "3": "1F02040201110E", "4": "02060A121F0202", "5": "1F101E0101110E",
    "6": "0608101E11110E", "7": "1F010204080808", "8": "0E11110E11110E",
    "9": "0E11110F01020C", "A": "0E11111F111111", "B": "1E11111E11111E",
    "C": "0E11101010110E", "D": "1C12111111121C", "E": "1F10101E10101F",
    "F": "1F10101E101010", "G": "0E11101711110F", "H": "1111111F111111",
    "I": "0E04040404040E", "J": "0702020202120C", "K": "11121418141211",
    "L": "1010101010101F", "M": "111B1515111111", "N": "11111915131111",
    "O": "0E11111111110E", "P": "1E11111E101010", "Q": "0E11111115120D",
    "R": "1E11111E141211", "S": "0F10100E01011E", "T": "1F040404040404",
    "U": "1111111111110E", "V": "11111111110A04", "W": "1111111515150A",
    "X": "11110A040A1111", "Y": "1111110A040404", "Z": "1F01020408101F",
    " ": "00000000000000", ":": "000C0C000C0C00", "-": "0000001F000000",
    ".": "00000000000C0C", ",": "000000000C0408", "%": "18190204081303",
    "/": "00010204081000", "(": "02040808080402", ")": "08040202020408",
    "_": "0000000000001F", "'": "0C040800000000", "+": "0004041F040400",
    ";": "000C0C000C0408", "?": "0E110102040004",
}
# fmt: on


class Canvas:
    """An RGB picture in memory that rectangles and text are drawn onto."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.pixels = bytearray(bytes(WHITE) * (width * height))

    def rect(
        self, x: int, y: int, width: int, height: int, rgb: tuple[int, ...]
    ) -> None:
        """Fill a rectangle, clipped to the canvas."""
        left, right = max(x, 0), min(x + width, self.width)
        top, bottom = max(y, 0), min(y + height, self.height)
        if left >= right or top >= bottom:
            return

        line = bytes(rgb) * (right - left)
        for row in range(top, bottom):
            start = (row * self.width + left) * 3
            self.pixels[start : start + len(line)] = line

    def text(self, x: int, y: int, text: str, size: int, rgb: tuple[int, ...]) -> None:
        """Write text with its top left corner at (x, y), `size` pixels a dot."""
        for number, char in enumerate(text.upper()):
            glyph = FONT.get(char, FONT["?"])
            left = x + number * (GLYPH_WIDTH + 1) * size
            for row in range(GLYPH_HEIGHT):
                bits = int(glyph[2 * row : 2 * row + 2], 16)
                for column in range(GLYPH_WIDTH):
                    if bits & (1 << (GLYPH_WIDTH - 1 - column)):
                        self.rect(left + column * size, y + row * size, size, size, rgb)

    def png(self) -> bytes:
        """The canvas as a PNG file: 8-bit RGB, no filter, zlib-compressed."""
        stride = self.width * 3
        raw = b"".join(
            b"\x00" + self.pixels[row * stride : (row + 1) * stride]
            for row in range(self.height)
        )
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 6))
            + _chunk(b"IEND", b"")
        )


def text_width(text: str, size: int) -> int:
    """How many pixels wide `text` is at `size`."""
    return len(text) * (GLYPH_WIDTH + 1) * size - size


def png(picture: WeekPicture) -> bytes:
    """The picture as PNG, laid out as the SVG is, at twice its size."""
    s = SCALE
    canvas = Canvas(WIDTH * s, picture.height * s)
    palette = colours(picture.states)
    plot_bottom = TOP + len(picture.rows) * ROW

    canvas.text(12 * s, 12 * s, picture.title, 3, INK)
    canvas.text(12 * s, 34 * s, picture.subtitle, 2, GREY_INK)
    for hour in range(0, 25, 3):
        x = (LEFT + hour * HOUR) * s
        canvas.rect(x, (TOP - 4) * s, 1 * s, (plot_bottom - TOP + 4) * s, GRID)
        label = f"{hour:02d}:00"
        canvas.text(x - text_width(label, 2) // 2, (TOP - 20) * s, label, 2, INK)

    for number, row in enumerate(picture.rows):
        top = TOP + number * ROW
        label_x = (LEFT - 10) * s - text_width(row.label, 2)
        canvas.text(label_x, (top + ROW // 2) * s - GLYPH_HEIGHT, row.label, 2, INK)
        for bar in row.bars:
            if bar.state is None:
                rgb = _rgb(UNKNOWN_COLOUR)
            else:
                rgb = _paler(_rgb(palette[bar.state]), max(bar.strength, FAINTEST))
            x = (LEFT * 60 + bar.start_minute * HOUR) * s // 60
            end = (LEFT * 60 + bar.end_minute * HOUR) * s // 60
            canvas.rect(x, (top + (ROW - BAR) // 2) * s, end - x, BAR * s, rgb)

    _legend(canvas, picture, palette, (plot_bottom + 28) * s)
    return canvas.png()


def _legend(
    canvas: Canvas, picture: WeekPicture, palette: dict[str, str], baseline: int
) -> None:
    s = SCALE
    x = LEFT * s
    top = baseline - 11 * s
    for state, fill in legend(picture, palette):
        canvas.rect(x, top, 14 * s, 14 * s, _rgb(fill))
        canvas.text(x + 20 * s, top, state, 2, INK)
        x += (40 + 8 * len(state)) * s
    if picture.paler:
        canvas.text(x + 10 * s, top, picture.paler, 2, GREY_INK)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = int(colour.lstrip("#"), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def _paler(rgb: tuple[int, int, int], strength: float) -> tuple[int, int, int]:
    """The colour at `strength` opacity over white."""
    red, green, blue = (round(255 - strength * (255 - part)) for part in rgb)
    return red, green, blue


def _chunk(kind: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

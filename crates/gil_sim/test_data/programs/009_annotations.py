from typing import List, Dict, Optional

count: int = 0
names: List[str] = ["a", "b"]
pending: Optional[int]


def scale(x: float, factor: float = 2.0) -> float:
    return x * factor


class Point:
    x: int = 0
    y: int
    label: str = "origin"


print(count, names)
print(scale(1.5))
print(scale.__annotations__["x"].__name__)
print(scale.__annotations__["return"].__name__)
print(Point.x, Point.label)
print(list(Point.__annotations__.keys()))
print(list(__annotations__.keys()))

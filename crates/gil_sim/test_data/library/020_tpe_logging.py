import logging
from concurrent.futures import ThreadPoolExecutor

logging.basicConfig(
    level=logging.DEBUG,
    format="%(threadName)s %(levelname)s: %(message)s",
)
log = logging.getLogger("resizer")


def resize(image):
    log.info("resizing %s", image)
    width, height = image[1], image[2]
    return image[0], width // 2, height // 2


images = [("cat.png", 640, 480), ("dog.png", 800, 600), ("fox.png", 1024, 768)]
log.debug("starting with %d images", len(images))
with ThreadPoolExecutor(max_workers=1, thread_name_prefix="Resizer") as executor:
    thumbnails = list(executor.map(resize, images))
log.warning("made %d thumbnails", len(thumbnails))
for name, w, h in thumbnails:
    print(f"{name}: {w}x{h}")

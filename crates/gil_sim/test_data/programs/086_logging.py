import logging

logging.basicConfig(level=logging.DEBUG, format="%(levelname)s - %(message)s")
logging.debug("debug message %s", "one")
logging.info("info: %s + %s = %s", 1, 2, 3)
logging.warning("warning about %s", "something")
print("stdout line")
logging.error("error code %d", 42)

import queue
import threading

stack = queue.LifoQueue()
for page in ["home", "products", "cart", "checkout"]:
    stack.put(page)
print("size:", stack.qsize())
print("back button order:", [stack.get() for _ in range(stack.qsize())])

undo = queue.LifoQueue(maxsize=2)
undo.put("type 'a'")
undo.put("type 'b'")
print("full:", undo.full())
try:
    undo.put("type 'c'", block=False)
except queue.Full:
    print("undo history is full")

popped = []
worker = threading.Thread(target=lambda: popped.extend(undo.get() for _ in range(2)))
worker.start()
worker.join()
print("undone:", popped)

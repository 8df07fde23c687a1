import queue
import threading

tickets = queue.PriorityQueue()
handled = []

for priority, ticket in [(2, "printer jammed"), (0, "site down"), (1, "password reset"),
                         (2, "new mouse"), (0, "data loss")]:
    tickets.put((priority, ticket))


def support_agent():
    while True:
        try:
            priority, ticket = tickets.get_nowait()
        except queue.Empty:
            return
        handled.append(f"P{priority}: {ticket}")
        tickets.task_done()


agent = threading.Thread(target=support_agent, name="agent")
agent.start()
agent.join()
tickets.join()
print("\n".join(handled))

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Config:
    retries: int = 3
    timeout: float = 0.5


@dataclass(order=True)
class Job:
    priority: int
    name: str = field(compare=False)
    tags: list = field(default_factory=list, compare=False, repr=False)
    result: object = field(default=None, compare=False)


def run(job):
    job.result = f"{job.name} done with {len(job.tags)} tags"
    return job


jobs = [Job(2, "resize", ["img"]), Job(1, "email"), Job(3, "report", ["pdf", "weekly"])]
with ThreadPoolExecutor(max_workers=2) as executor:
    finished = list(executor.map(run, jobs))

for job in sorted(finished):
    print(job)
print("fields:", [f.name for f in dataclasses.fields(Job)])
print("equal ignoring name:", Job(1, "a") == Job(1, "b"), "| lt:", Job(1, "a") < Job(2, "a"))
print("asdict:", dataclasses.asdict(jobs[1]))

config = Config()
print(config, config == Config(3, 0.5))
try:
    config.retries = 10
except dataclasses.FrozenInstanceError as e:
    print("FrozenInstanceError:", e)
print(dataclasses.replace(config, retries=5))
print("hashable:", len({Config(), Config(), Config(1)}))

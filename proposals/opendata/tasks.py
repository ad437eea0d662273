"""The bulk download's rebuild, run by Celery beat (and on demand)."""

from celery import shared_task

from proposals.opendata.build import opendata_build


@shared_task(name="proposals.tasks.build_open_data", ignore_result=True)
def build_open_data() -> dict:
    build = opendata_build()
    return {"counts": build.counts, "seconds": round(build.seconds, 2)}

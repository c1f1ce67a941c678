"""The job list costs the same number of queries for 1 job as for 10 (no query per job)."""

import pytest
from PIL import Image as PILImage

from editor.images import save_image
from generation.models import Job

pytestmark = pytest.mark.django_db


def make_finished_jobs(owner, count):
    for _ in range(count):
        job = Job.objects.create(owner=owner, kind="text2img", params={"prompt": "x"},
                                 status=Job.Status.SUCCEEDED)
        for color in ("red", "blue"):
            save_image(owner, PILImage.new("RGB", (8, 8), color), "text2img", job=job)


@pytest.mark.parametrize("count", [1, 10])
def test_the_job_list_is_a_constant_number_of_queries(alice, client, django_assert_num_queries, count):
    make_finished_jobs(alice, count)
    client.force_login(alice)
    # session + user, count, page of jobs, their results: the same for 1 job and for 10
    with django_assert_num_queries(5):
        response = client.get("/api/v1/jobs/")
    assert response.status_code == 200
    jobs = response.json()["results"]
    assert len(jobs) == count and all(len(job["results"]) == 2 for job in jobs)

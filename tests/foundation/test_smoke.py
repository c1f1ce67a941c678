import pytest


@pytest.mark.django_db
def test_home_page_renders(client):
    """Logged out: the landing page, with its ways in; not just any page with the site's title."""
    response = client.get("/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][:2] == ["home.html", "base.html"]
    page = response.content.decode()
    assert "<title>Kandinsky Studio — pictures from words</title>" in page
    assert 'href="/accounts/signup/"' in page and 'href="/accounts/login/"' in page
    assert "Paint with words." in page


@pytest.mark.django_db
def test_home_page_is_the_canvas_when_logged_in(alice_client):
    response = alice_client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "editor/canvas.html"

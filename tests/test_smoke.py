def test_home_page_answers_in_indonesian(client, make_case_study):
    make_case_study(title="Koordinasi darurat kesehatan")
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'lang="id"' in page
    assert "Koordinasi darurat kesehatan" in page

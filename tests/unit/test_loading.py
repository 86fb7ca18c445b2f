"""Safe YAML and front-matter loading with line numbers."""

from pathlib import Path

from modellregion.loading import LineDict, LineList, load_markdown_file, parse_yaml, split_front_matter


def test_lines_of_keys_values_and_list_items():
    loaded = parse_yaml("title: Bus\ncities:\n  - a\n  - b\nfunding:\n  programme: X\n", "x.yml")
    data = loaded.data
    assert isinstance(data, LineDict) and isinstance(data["cities"], LineList)
    assert data.line_of("title") == 1
    assert data.line_of("cities") == 2
    assert data["cities"].item_lines == [3, 4]
    assert data["funding"].line_of("programme") == 6
    assert data.line_of("absent") == 1


def test_dates_stay_text_so_that_validation_explains_them():
    data = parse_yaml("date: 2024-13-01\nstart: 2024-05-02\n", "x.yml").data
    assert data == {"date": "2024-13-01", "start": "2024-05-02"}


def test_python_tags_are_refused_with_their_line():
    loaded = parse_yaml("a: 1\nb: !!python/object/apply:os.system ['rm -rf /']\n", "x.yml")
    assert loaded.data is None
    assert [str(e) for e in loaded.errors] == ["x.yml:2: YAML: Tag „!!python/object/apply:os.system“ ist nicht erlaubt – nur einfache YAML-Werte verwenden"]


def test_duplicate_keys_are_reported():
    loaded = parse_yaml("a: 1\nb: 2\na: 3\n", "x.yml")
    assert [str(e) for e in loaded.errors] == ["x.yml:3: a: kommt im selben Block zweimal vor – bitte nur einmal angeben"]


def test_tabs_get_a_hint():
    loaded = parse_yaml("a:\n\t- b\n", "x.yml")
    assert "bitte mit Leerzeichen einrücken, nicht mit Tabulatoren" in str(loaded.errors[0])


def test_front_matter_lines_count_from_the_file_start():
    source, errors = split_front_matter("---\ntitle: A\ndate: x\n---\n\nText\n", "n.md")
    assert errors == []
    assert source.meta.line_of("date") == 3
    assert source.body.strip() == "Text"
    assert source.body_line == 6


def test_file_without_front_matter_has_empty_meta():
    source, errors = split_front_matter("# Titel\n", "n.md")
    assert source.meta == {} and source.body == "# Titel\n" and errors == []


def test_non_utf8_names_the_line(tmp_path: Path):
    path = tmp_path / "n.md"
    path.write_bytes("---\ntitle: ok\n---\nGr\xfc\xdfe\n".encode("latin-1"))
    source, errors = load_markdown_file(path, "n.md")
    assert source is None
    assert [str(e) for e in errors] == ["n.md:4: encoding: Byte 0xfc ist kein UTF-8 – bitte die Datei als UTF-8 speichern"]


def test_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "n.md"
    path.write_bytes("\ufeff---\ntitle: ok\n---\nText\n".encode("utf-8"))
    source, errors = load_markdown_file(path, "n.md")
    assert errors == [] and source.meta["title"] == "ok"


def test_numbers_are_plain_decimals_and_look_alikes_stay_text():
    data = parse_yaml("a: 42\nb: 1500000.5\nc: 01067\nd: 10:30\ne: 1.250\nf: 0x1F\ng: -3\nh: 1_000\n", "x.yml").data
    assert data == {"a": 42, "b": 1500000.5, "c": "01067", "d": "10:30", "e": "1.250", "f": "0x1F", "g": -3, "h": "1_000"}

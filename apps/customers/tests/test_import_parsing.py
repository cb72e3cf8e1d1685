"""Reading import files: sniffing, encodings, header rows, column mapping and cell cleaning (no database)."""

import io

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.customers import importing

from .import_files import HEADERS, csv_bytes, good_row, xlsx_bytes


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the UI language is Chinese)."""
    with translation.override("en"):
        yield


def rows_of(content: bytes, kind: str):
    return list(importing.iter_cells(io.BytesIO(content), kind))


# -- files ------------------------------------------------------------------------------------------------------

def test_xlsx_and_csv_are_recognised_by_their_bytes_not_their_names():
    assert importing.sniff(io.BytesIO(xlsx_bytes([good_row(1)]))) == "xlsx"
    assert importing.sniff(io.BytesIO(csv_bytes([good_row(1)]))) == "csv"


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n\x00\x01\x02binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"", b"   \n",
])
def test_a_file_that_is_neither_excel_nor_csv_is_refused(content):
    with pytest.raises(importing.UnreadableFile, match="not an Excel"):
        importing.sniff(io.BytesIO(content))


def test_an_old_xls_file_is_refused_with_what_to_do():
    with pytest.raises(importing.UnreadableFile, match=r"\.xlsx"):
        importing.sniff(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100))


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(importing.UnreadableFile):
        importing.sniff(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_utf8_or_gbk_reads_the_same_chinese(encoding):
    rows = rows_of(csv_bytes([good_row(1, name="深圳市华强电子有限公司")], encoding=encoding), "csv")
    assert rows[0] == (1, HEADERS)
    assert rows[1][1][0] == "深圳市华强电子有限公司"


def test_gbk_is_detected_even_when_the_first_rows_are_ascii():
    ascii_rows = [[f"Company {n}", "", f"137{n:08d}"] for n in range(3000)]
    content = csv_bytes([*ascii_rows, ["华强电子", "", "13800000000"]], encoding="gbk", headers=["name", "c", "phone"])
    assert importing.detect_encoding(io.BytesIO(content)) == "gb18030"
    assert rows_of(content, "csv")[-1][1][0] == "华强电子"


def test_semicolon_and_tab_separated_files_are_read():
    content = "客户名称;手机\n甲公司;13800000001\n".encode()
    assert rows_of(content, "csv")[1] == (2, ["甲公司", "13800000001"])
    content = "客户名称\t手机\n乙公司\t13800000002\n".encode()
    assert rows_of(content, "csv")[1] == (2, ["乙公司", "13800000002"])


def test_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_sheet():
    content = xlsx_bytes([good_row(1), [None] * 10, ["", " ", None], good_row(2)])
    assert [n for n, _cells in rows_of(content, "xlsx")] == [1, 2, 5]


# -- headers ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "field"), [
    ("客户名称", "name"), ("公司名称", "name"), ("Company Name", "name"), ("客户名称*", "name"),
    ("客户名称（必填）", "name"), ("联系人", "contact"), ("手机号码", "phone"), ("联系电话", "phone"),
    ("手机/电话", "phone"), ("Mobile", "phone"), ("省", "province"), ("省份", "province"), ("市", "city"),
    ("区", "district"), ("区县", "district"), ("详细地址", "address"), ("客户类型", "kind"), ("来源", "source"),
    ("备注", "notes"), ("统一社会信用代码", "credit_code"), ("邮箱", "email"), ("说明书", ""), ("", ""),
])
def test_common_chinese_and_english_headers_map_to_fields(header, field):
    assert importing.field_for_header(header) == field


def test_a_field_is_taken_by_its_first_column_only():
    assert importing.detect_mapping(["客户名称", "手机", "电话", "备注"]) == ["name", "phone", "", "notes"]


def test_a_title_row_above_the_headers_is_skipped():
    content = xlsx_bytes([good_row(1)], title="2026年春季展会客户名单")
    found = importing.preview(io.BytesIO(content), "xlsx")
    assert found.header_row == 2
    assert found.mapping == ["name", "contact", "phone", "province", "city", "district", "address", "kind",
                             "source", "notes"]
    assert found.rows[0][0] == 3


# -- cells ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    "13812345678", "13812345678.0", "1.3812345678E+10", "+86 138 1234 5678", "0086-138-1234-5678",
    "８６１３８１２３４５６７８", "１３８１２３４５６７８", "138-1234-5678", "13812345678 / 13900000000",
])
def test_phones_in_every_common_shape_become_e164(raw):
    assert importing.clean_phone(raw) == "+8613812345678"


def test_a_phone_stored_as_an_excel_number_reads_back_whole():
    content = xlsx_bytes([good_row(1, phone=13812345678), good_row(2, phone=13812345679.0)])
    phones = [cells[2] for _n, cells in rows_of(content, "xlsx")[1:]]
    assert phones == ["13812345678", "13812345679"]


def test_landlines_with_area_codes_are_accepted():
    assert importing.clean_phone("010-62345678") == "+861062345678"
    assert importing.clean_phone("(0755) 8888 6666") == "+8675588886666"


@pytest.mark.parametrize(("raw", "message"), [
    ("12345", "valid"), ("1381234567", "valid"), ("电话待补", "not a phone"), ("1.38123E+10", "lost digits"),
])
def test_bad_phones_are_refused_with_a_reason(raw, message):
    with pytest.raises(ValidationError, match=message):
        importing.clean_phone(raw)


@pytest.mark.parametrize("digits", ["13812345678", "17400012345", "17401012345", "17900012345", "11012345678",
                                    "12012345678", "10123456789", "14500000000", "16112345678", "19912345678"])
def test_eleven_digit_numbers_from_1_read_as_phonenumbers_parses_them(digits):
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        assert importing.clean_phone(digits) == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    else:
        with pytest.raises(ValidationError, match="valid"):
            importing.clean_phone(digits)


@pytest.mark.parametrize(("label", "code"), [
    ("公司", "company"), ("企业", "company"), ("个人", "individual"), ("代理商", "partner"), ("经销商", "partner"),
    ("系统集成商", "integrator"), ("工程商", "contractor"), ("行业客户", "industry"), ("Company", "company"), ("", ""),
])
def test_customer_kinds_accept_chinese_labels(label, code):
    assert importing.clean_kind(label) == code


@pytest.mark.parametrize(("label", "code"), [
    ("展会", "trade_fair"), ("网络", "internet"), ("官网", "website"), ("微信", "wechat"), ("转介绍", "referral"),
    ("电话营销", "telemarketing"), ("拜访", "visit"), ("trade fair", "trade_fair"), ("", ""),
])
def test_sources_accept_chinese_labels(label, code):
    assert importing.clean_source(label) == code


def test_an_unknown_kind_is_an_error_naming_the_value():
    with pytest.raises(ValidationError, match="外星人"):
        importing.clean_kind("外星人")


def test_places_resolve_to_division_codes_with_the_parents_filled_in():
    codes, errors = importing.resolve_place("广东", "深圳", "南山")
    assert codes == {"province_code": "440000", "city_code": "440300", "district_code": "440305"} and not errors
    codes, errors = importing.resolve_place("", "深圳市", "")
    assert codes["province_code"] == "440000" and not errors


@pytest.mark.parametrize(("place", "field"), [
    (("火星", "", ""), "province"), (("广东", "北京", ""), "city"), (("广东", "深圳", "朝阳区"), "district"),
])
def test_unknown_or_mismatched_places_are_errors_on_their_column(place, field):
    _codes, errors = importing.resolve_place(*place)
    assert field in errors


def test_a_row_without_a_name_or_with_a_bad_phone_reports_each_field():
    mapping = importing.detect_mapping(HEADERS)
    _values, errors = importing.parse_row(good_row(1, name=" ", phone="12", province="火星"), mapping)
    assert set(errors) == {"name", "phone", "province"}


def test_a_good_row_is_cleaned_into_archive_values():
    mapping = importing.detect_mapping(HEADERS)
    values, errors = importing.parse_row(good_row(7, kind="代理商", source="转介绍"), mapping)
    assert not errors
    assert values["phone"] == "+8613700000007"
    assert (values["kind"], values["source"]) == ("partner", "referral")
    assert values["district_code"] == "440305"


def test_a_mapping_needs_the_name_column_and_no_field_twice():
    with pytest.raises(ValidationError, match="客户名称"):
        importing.check_mapping(["phone", ""], 2)
    with pytest.raises(ValidationError, match="one column"):
        importing.check_mapping(["name", "phone", "phone"], 3)
    importing.check_mapping(["name", "", "phone"], 3)


def test_a_mapping_can_be_given_by_header_or_column_number():
    headers = ["公司", "号码", "其他"]
    assert importing.mapping_from_names(headers, {"公司": "name", "2": "phone"}) == ["name", "phone", ""]
    with pytest.raises(ValidationError):
        importing.mapping_from_names(headers, {"不存在": "name"})

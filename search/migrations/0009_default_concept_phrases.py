import secrets

from django.db import migrations

# Phrases added to default concepts after 0005 (search/data/concepts.txt,
# issue 16 round 2: other ways citizens word the same needs). Only these are
# added, to the concepts still named as the defaults, so a phrase an editor
# removed before is not brought back.
ADDED_PHRASES = {
    "Kết hôn": (
        "lấy nhau",
        "cưới nhau",
        "làm đám cưới",
        "tổ chức cưới",
    ),
    "Sinh con": (
        "con mới đẻ",
        "vợ sinh",
        "vợ đẻ",
        "sinh đôi",
        "sinh xong",
        "mới có con",
        "bé mới chào đời",
    ),
    "Người thân mất": (
        "người mất",
        "người chết",
        "người đã chết",
        "đã chết",
        "khai tử cho bố",
        "khai tử cho mẹ",
    ),
    "Độc thân": (
        "chứng nhận độc thân",
        "giấy chứng nhận độc thân",
        "xác nhận còn độc thân",
        "chứng minh độc thân",
    ),
    "Sửa thông tin hộ tịch": (
        "đổi họ cho con",
        "đổi tên cho con",
        "sửa giấy khai sinh",
        "sửa khai sinh",
        "điều chỉnh giấy khai sinh",
        "thay đổi họ tên",
        "đổi họ tên",
    ),
    "Nhận con, nhận cha mẹ": (
        "nhận con ngoài giá thú",
        "nhận con chung",
        "xác nhận cha con",
    ),
    "Ở trọ, ở nhờ": (
        "thuê phòng trọ",
        "ở ký túc xá",
        "ở nhà thuê",
        "thuê nhà",
    ),
    "Thẻ căn cước": (
        "làm căn cước",
        "làm thẻ căn cước",
        "cấp căn cước",
        "làm cccd",
        "căn cước mới",
    ),
    "Sổ đỏ, sổ hồng": (
        "bằng khoán",
        "giấy chứng nhận nhà đất",
        "sổ hồng nhà",
    ),
    "Mua bán, cho tặng đất": (
        "chuyển nhượng đất",
        "sang tên nhà đất",
        "sang tên đất",
        "nhận chuyển nhượng",
        "được cho đất",
        "cho tặng nhà",
        "bố mẹ cho đất",
    ),
    "Xây nhà": (
        "xin phép xây dựng",
        "xây nhà cấp 4",
        "xây nhà tầng",
        "làm nhà ở",
        "xây mới nhà",
    ),
    "Bằng lái": (
        "bằng lái xe ô tô",
        "bằng lái xe tải",
    ),
    "Mở công ty": (
        "mở công ty riêng",
        "đăng ký công ty",
        "làm giấy phép công ty",
        "giấy phép thành lập công ty",
    ),
    "Mở quán, cửa hàng": (
        "bán hàng online",
        "kinh doanh tại nhà",
        "mở cửa hàng nhỏ",
        "mở tiệm nhỏ",
        "bán hàng tại nhà",
    ),
    "Mất việc": (
        "lĩnh bảo hiểm thất nghiệp",
        "nhận bảo hiểm thất nghiệp",
        "hưởng thất nghiệp",
        "nhận trợ cấp thất nghiệp",
        "nghỉ việc nhận tiền",
    ),
    "Người già, trợ cấp": (
        "trợ cấp hàng tháng",
        "người cao tuổi cô đơn",
        "tiền trợ cấp xã hội",
    ),
    "Lý lịch tư pháp": (
        "phiếu lý lịch",
        "xin lý lịch",
        "làm lý lịch",
        "giấy không tiền án",
        "lý lịch số 1",
        "lý lịch số 2",
    ),
    "Công chứng, sao y": (
        "chứng thực giấy tờ",
        "sao y giấy tờ",
        "công chứng bằng cấp",
        "công chứng căn cước",
    ),
    "Đòi bồi thường nhà nước": (
        "thiệt hại do cán bộ",
        "cán bộ gây thiệt hại",
        "công chức làm sai",
        "bị oan sai",
        "quyết định sai gây thiệt hại",
    ),
}


def add_phrases(apps, schema_editor):
    from search.concept_defaults import add_default_phrases

    concept = apps.get_model("portal_search", "Concept")
    if add_default_phrases(concept, ADDED_PHRASES):
        # Running processes reload their terms when the revision moves
        # (search.models.terms_changed).
        apps.get_model("portal_search", "TermsRevision").objects.update_or_create(
            pk=1, defaults={"revision": secrets.randbits(62)}
        )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0008_default_concepts_foreigners_contracts")]

    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]

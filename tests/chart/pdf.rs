//! PDF charts (feature `pdf`): a PDF file with the font embedded as a subset and no raster
//! image; poppler renders it to a page that is not blank and looks, block by block, like the
//! PNG of the same chart; poppler reads its text back in English, Japanese and Korean; the
//! `yoron chart --out FILE.pdf` command writes one.

use std::path::Path;
use std::process::Command;

use yoron::chart::{Chart, Lang};

use super::{demo, png_info, with_cjk_font};

fn has(pdf: &[u8], needle: &[u8]) -> bool {
    pdf.windows(needle.len()).any(|w| w == needle)
}

/// The file is a PDF whose text is text: an embedded font program (TrueType `/FontFile2` or
/// CFF/OpenType `/FontFile3`) under a subset name (`/BaseFont /ABCDEF+Name`, ISO 32000-1
/// 9.6.4), and no image XObject (a rasterised chart would be one).
fn assert_vector_with_font_subset(pdf: &[u8]) {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF header");
    assert!(
        pdf.trim_ascii_end().ends_with(b"%%EOF"),
        "no end-of-file marker"
    );
    assert!(
        has(pdf, b"/FontFile2") || has(pdf, b"/FontFile3"),
        "no embedded font program"
    );
    let text = String::from_utf8_lossy(pdf);
    let subset = text.match_indices("/BaseFont /").any(|(i, m)| {
        let name = &text.as_bytes()[i + m.len()..];
        name.len() > 7 && name[..6].iter().all(u8::is_ascii_uppercase) && name[6] == b'+'
    });
    assert!(subset, "no subset font name (ABCDEF+…)");
    // `/ProcSet [… /ImageB /ImageC]` is a legacy hint every page may carry; an image is an
    // XObject of subtype Image.
    assert!(
        !has(pdf, b"/Subtype /Image"),
        "the PDF holds a raster image"
    );
    // A 19 MB font collection would be embedded whole without subsetting.
    assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
}

/// `pdftoppm -r DPI -png` of the PDF's only page, decoded. poppler runs with a fontconfig
/// that knows no font at all, so every glyph drawn comes from the PDF itself, as on a
/// machine without CJK fonts.
fn rasterise(pdf: &[u8], dir: &Path, name: &str, dpi: u32) -> (u32, u32, f64, Vec<u8>) {
    let input = dir.join(format!("{name}.pdf"));
    std::fs::write(&input, pdf).unwrap();
    let prefix = dir.join(name);
    let empty = dir.join("no-fonts");
    std::fs::create_dir_all(&empty).unwrap();
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<fontconfig><dir>{0}</dir><cachedir>{0}</cachedir></fontconfig>\n",
            empty.display()
        ),
    )
    .unwrap();
    let o = Command::new("pdftoppm")
        .env("FONTCONFIG_FILE", &conf)
        .args(["-r", &dpi.to_string(), "-png", "-singlefile"])
        .arg(&input)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    png_info(&std::fs::read(prefix.with_extension("png")).unwrap())
}

/// `pdftotext` of the PDF, spaces and line breaks removed (poppler puts them where the
/// glyphs' positions suggest).
fn text_of(pdf: &[u8], dir: &Path, name: &str) -> String {
    let input = dir.join(format!("{name}.pdf"));
    std::fs::write(&input, pdf).unwrap();
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&input)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Mean ink (255 − grey level) per block of `block` × `block` pixels, row by row.
fn ink_blocks(w: u32, h: u32, rgb: &[u8], block: u32) -> Vec<f64> {
    let mut out = Vec::new();
    for by in 0..h / block {
        for bx in 0..w / block {
            let mut sum = 0.0;
            for y in by * block..(by + 1) * block {
                for x in bx * block..(bx + 1) * block {
                    let i = ((y * w + x) * 3) as usize;
                    let grey = (u32::from(rgb[i]) + u32::from(rgb[i + 1]) + u32::from(rgb[i + 2]))
                        as f64
                        / 3.0;
                    sum += 255.0 - grey;
                }
            }
            out.push(sum / f64::from(block * block));
        }
    }
    out
}

/// Pearson correlation of two equally long series.
fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

/// How alike the rendered PDF page and a PNG are: the correlation of their ink in 20 px
/// blocks (both at 96 dpi, the same pixel grid).
fn likeness(page: &(u32, u32, f64, Vec<u8>), png: &(u32, u32, f64, Vec<u8>)) -> f64 {
    let (w, h) = (page.0.min(png.0), page.1.min(png.1));
    let crop = |img: &(u32, u32, f64, Vec<u8>)| -> Vec<u8> {
        (0..h)
            .flat_map(|y| {
                let start = (y * img.0 * 3) as usize;
                img.3[start..start + (w * 3) as usize].to_vec()
            })
            .collect()
    };
    let r = correlation(
        &ink_blocks(w, h, &crop(page), 20),
        &ink_blocks(w, h, &crop(png), 20),
    );
    eprintln!("likeness of the PDF page and the PNG: r = {r:.3}");
    r
}

#[test]
fn pdf_is_vector_with_an_embedded_font_subset() {
    let pdf = demo::threat(Lang::En).to_pdf().unwrap();
    assert_vector_with_font_subset(&pdf);
}

#[test]
fn pdf_page_renders_not_blank_and_like_the_png() {
    if !crate::prereq::Prereq::Poppler.check() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let chart = demo::threat(Lang::En);
    let page = rasterise(&chart.to_pdf().unwrap(), dir.path(), "threat", 96);
    let png = png_info(&demo::threat(Lang::En).scale(1.0).to_png().unwrap());
    // 96 dpi: the page is the chart's size in CSS pixels, like the PNG at scale 1.
    assert!(page.0.abs_diff(png.0) <= 1 && page.1.abs_diff(png.1) <= 1);
    assert!(page.2 > 0.02 && page.2 < 0.6, "non-white share {}", page.2);
    // Both country colours are drawn (anti-aliasing aside, some pixels are exact).
    assert!(page.3.chunks(3).any(|p| p == [0xD5, 0x5E, 0x00]));
    assert!(page.3.chunks(3).any(|p| p == [0x00, 0x72, 0xB2]));
    let same = likeness(&page, &png);
    assert!(same > 0.9, "PDF page and PNG differ: correlation {same}");
    // The measure tells charts apart: the gap chart's PNG is not like the threat chart's page.
    let other = png_info(&demo::gap(Lang::En).scale(1.0).to_png().unwrap());
    let different = likeness(&page, &other);
    assert!(
        different < 0.8,
        "correlation with another chart {different}"
    );
}

#[test]
fn pdf_text_reads_back_in_english() {
    if !crate::prereq::Prereq::Poppler.check() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = text_of(&demo::threat(Lang::En).to_pdf().unwrap(), dir.path(), "en");
    assert!(
        text.contains("Source:TheGenronNPO&EastAsiaInstitute"),
        "{text}"
    );
    assert!(text.contains("n=1,010"), "{text}");
}

#[test]
fn japanese_pdf_embeds_its_glyphs_and_reads_back() {
    with_cjk_font(|| {
        if !crate::prereq::Prereq::Poppler.check() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let chart = demo::threat(Lang::Ja);
        let pdf = chart.to_pdf().unwrap();
        assert_vector_with_font_subset(&pdf);
        let text = text_of(&pdf, dir.path(), "ja");
        assert!(
            text.contains("軍事的脅威を感じる国・地域（日本・韓国、2016年）"),
            "{text}"
        );
        assert!(
            text.contains("出典：言論NPO・東アジア研究院「日韓共同世論調査」。"),
            "{text}"
        );
        let page = rasterise(&pdf, dir.path(), "ja", 96);
        let png = png_info(&chart.scale(1.0).to_png().unwrap());
        assert!(page.2 > 0.02, "non-white share {}", page.2);
        let same = likeness(&page, &png);
        assert!(same > 0.9, "PDF page and PNG differ: correlation {same}");
    });
}

#[test]
fn korean_pdf_embeds_its_glyphs_and_reads_back() {
    with_cjk_font(|| {
        if !crate::prereq::Prereq::Poppler.check() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let chart = demo::gap(Lang::Ko);
        let pdf = chart.to_pdf().unwrap();
        assert_vector_with_font_subset(&pdf);
        let text = text_of(&pdf, dir.path(), "ko");
        assert!(
            text.contains("군사적위협이된다고생각하는나라(일본·한국,2016년)"),
            "{text}"
        );
        assert!(
            text.contains("출처:동아시아연구원·겐론NPO「한일국민상호인식조사」."),
            "{text}"
        );
        let page = rasterise(&pdf, dir.path(), "ko", 96);
        let png = png_info(&chart.scale(1.0).to_png().unwrap());
        assert!(page.2 > 0.02, "non-white share {}", page.2);
        let same = likeness(&page, &png);
        assert!(same > 0.9, "PDF page and PNG differ: correlation {same}");
    });
}

#[test]
fn every_kind_saves_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(format!("{n}.pdf"));
    demo::threat(Lang::En).save(path("threat")).unwrap();
    demo::gap(Lang::En).save(path("gap")).unwrap();
    demo::trend(Lang::En).save(path("trend")).unwrap();
    demo::mirror(Lang::En).save(path("mirror")).unwrap();
    demo::distribution(Lang::En)
        .save(path("distribution"))
        .unwrap();
    demo::change(Lang::En).save(path("change")).unwrap();
    for n in ["threat", "gap", "trend", "mirror", "distribution", "change"] {
        assert_vector_with_font_subset(&std::fs::read(path(n)).unwrap());
    }
    // Only the six files: the atomic writer leaves no temporary file behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 6);
}

#[test]
fn a_pdf_into_a_missing_folder_is_an_io_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/folder/chart.pdf");
    let e = demo::threat(Lang::En).save(&path).unwrap_err();
    assert!(e.is_io(), "{e}");
    assert!(e.to_string().contains("chart.pdf"), "{e}");
}

#[test]
fn cli_writes_a_pdf_chosen_by_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("threat.PDF");
    let o = crate::support::command()
        .args([
            "chart",
            "threat",
            "genron_eai",
            "military_threat",
            "--wave",
            "2016",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        out.display().to_string()
    );
    assert_vector_with_font_subset(&std::fs::read(&out).unwrap());
}

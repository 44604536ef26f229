//! Parquet respondent files (feature `parquet`): only the needed columns are read, and
//! `write_with_column` keeps every row in place.

use polars::prelude::*;
use yoron::weight::{Columns, DesignSpec, Estimand, Respondents, write_with_column};

#[test]
fn parquet_reads_like_csv_and_writes_a_column_back() {
    let dir = tempfile::tempdir().unwrap();
    let pq = dir.path().join("poll.parquet");
    let csv = dir.path().join("poll.csv");
    let mut df = df!(
        "id" => [1i64, 2, 3, 4, 5, 6],
        "w" => [1.0, 2.0, 1.5, 0.5, 1.0, 3.0],
        "st" => ["a", "a", "a", "b", "b", "b"],
        "psu" => [1i64, 1, 2, 3, 4, 4],
        "q" => ["x", "y", "x", "y", "y", "x"],
        "unused" => ["u"; 6]
    )
    .unwrap();
    polars_io::parquet::write::ParquetWriter::new(std::fs::File::create(&pq).unwrap())
        .finish(&mut df)
        .unwrap();
    std::fs::write(&csv, "id,w,st,psu,q,unused\n1,1,a,1,x,u\n2,2,a,1,y,u\n3,1.5,a,2,x,u\n4,0.5,b,3,y,u\n5,1,b,4,y,u\n6,3,b,4,x,u\n").unwrap();
    let spec = DesignSpec::new().weight("w").strata("st").psu("psu");
    let q = Estimand::proportions("q");
    let cols = spec.columns().merge(&q.columns());
    let from_pq = spec.build(Respondents::read(&pq, &cols).unwrap()).unwrap();
    let from_csv = spec.build(Respondents::read(&csv, &cols).unwrap()).unwrap();
    let a = from_pq.estimate(&q).unwrap();
    let b = from_csv.estimate(&q).unwrap();
    assert_eq!(a.rows(), b.rows());
    let err = Respondents::read(&pq, &Columns::new().number("weight")).unwrap_err();
    assert!(
        err.to_string().contains("unknown column \"weight\""),
        "{err}"
    );

    let out = dir.path().join("out.parquet");
    write_with_column(&pq, &out, "raked_weight", &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    let back = polars_io::parquet::read::ParquetReader::new(std::fs::File::open(&out).unwrap())
        .finish()
        .unwrap();
    assert_eq!(back.height(), 6);
    assert_eq!(back.column("id").unwrap().i64().unwrap().get(5), Some(6));
    assert_eq!(
        back.column("raked_weight").unwrap().f64().unwrap().get(2),
        Some(3.0)
    );
    assert!(write_with_column(&pq, &csv, "raked_weight", &[1.0; 6]).is_err());
}

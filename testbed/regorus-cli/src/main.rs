//! regorus-cli: the reference side of the Rego differential test.
//!
//! Reads JSON lines on stdin, one case per line:
//!   {"id": .., "policy": "<rego>", "file": "x.rego"?, "query": "data.agent_policy.X",
//!    "input": {..}?, "data": {..}?, "rego_v0": false?}
//! and writes one JSON line per case on stdout, in the same order:
//!   {"id": .., "value": <json, absent when undefined>, "prints": [..], "error": "<absent when none>"}
//!
//! The engine is set up the way the Kata agent sets up its policy engine (kata-agent-policy
//! `AgentPolicy::new_engine`): builtin errors are not strict (they make the expression undefined),
//! print() output is gathered, the policy length limits are raised to the agent's values, and the
//! query is evaluated with `eval_query`, taking the single expression of the single result.
//! A fresh engine is used for every case, so cases are independent.
//!
//! With `"bench": N` in a case, the reply also has `parse_ns` (median time of add_policy over
//! N fresh engines) and `eval_ns` (median time of set_input + eval_query over N evaluations on
//! one engine, after N/10 unmeasured ones), for the benchmark against our engine.

use std::io::{self, BufRead, BufWriter, Write};
use std::num::{NonZeroU32, NonZeroUsize};
use std::panic::{self, AssertUnwindSafe};

use regorus::{Engine, PolicyLengthConfig, Value};
use serde_json::{json, Map, Value as Json};

struct Outcome {
    value: Option<Json>,
    prints: Vec<String>,
    error: Option<String>,
}

fn new_engine(rego_v0: bool) -> Engine {
    let mut engine = Engine::new();
    engine.set_rego_v0(rego_v0);
    engine.set_strict_builtin_errors(false);
    engine.set_gather_prints(true);
    // The agent's limits (POLICY_MAX_COL, POLICY_MAX_FILE_BYTES, POLICY_MAX_LINES).
    engine.set_policy_length_config(PolicyLengthConfig {
        max_col: NonZeroU32::new(64 * 1024).unwrap(),
        max_file_bytes: NonZeroUsize::new(16 * 1024 * 1024).unwrap(),
        max_lines: NonZeroUsize::new(200_000).unwrap(),
    });
    engine
}

fn to_regorus(v: &Json) -> anyhow::Result<Value> {
    Value::from_json_str(&serde_json::to_string(v)?)
}

fn run_case(case: &Map<String, Json>) -> Outcome {
    let mut prints = Vec::new();
    let result = (|| -> anyhow::Result<Option<Json>> {
        let policy = case
            .get("policy")
            .and_then(Json::as_str)
            .ok_or_else(|| anyhow::anyhow!("case has no \"policy\" string"))?;
        let query = case
            .get("query")
            .and_then(Json::as_str)
            .ok_or_else(|| anyhow::anyhow!("case has no \"query\" string"))?;
        let file = case
            .get("file")
            .and_then(Json::as_str)
            .unwrap_or("policy.rego");
        let rego_v0 = case.get("rego_v0").and_then(Json::as_bool).unwrap_or(false);

        let mut engine = new_engine(rego_v0);
        engine.add_policy(file.to_string(), policy.to_string())?;
        if let Some(data) = case.get("data") {
            if !data.is_null() {
                engine.add_data(to_regorus(data)?)?;
            }
        }
        if let Some(input) = case.get("input") {
            engine.set_input(to_regorus(input)?);
        }
        let evaluated = engine.eval_query(query.to_string(), false);
        // Gathered prints are wanted even when the evaluation failed.
        if let Ok(p) = engine.take_prints() {
            prints = p;
        }
        let results = evaluated?;
        match results.result.len() {
            0 => Ok(None),
            1 => {
                let exprs = &results.result[0].expressions;
                if exprs.len() != 1 {
                    anyhow::bail!("unexpected number of expressions: {}", exprs.len());
                }
                let v = &exprs[0].value;
                if *v == Value::Undefined {
                    Ok(None)
                } else {
                    Ok(Some(serde_json::from_str(&v.to_json_str()?)?))
                }
            }
            n => anyhow::bail!("unexpected eval_query result len {n}"),
        }
    })();
    match result {
        Ok(value) => Outcome { value, prints, error: None },
        Err(e) => Outcome { value: None, prints, error: Some(format!("{e:#}")) },
    }
}

/// Medians of parse and evaluation times, as the agent pays them: a policy loaded once, then
/// one set_input + eval_query per request.
fn bench_case(case: &Map<String, Json>, n: usize) -> anyhow::Result<(u128, u128)> {
    let policy = case.get("policy").and_then(Json::as_str).unwrap_or("");
    let query = case.get("query").and_then(Json::as_str).unwrap_or("");
    let file = case.get("file").and_then(Json::as_str).unwrap_or("policy.rego");
    let input = match case.get("input") {
        Some(i) => Some(to_regorus(i)?),
        None => None,
    };
    let mut parse = Vec::with_capacity(n);
    for _ in 0..n {
        let mut engine = new_engine(false);
        let t = std::time::Instant::now();
        engine.add_policy(file.to_string(), policy.to_string())?;
        parse.push(t.elapsed().as_nanos());
    }
    let mut engine = new_engine(false);
    engine.add_policy(file.to_string(), policy.to_string())?;
    let mut eval = Vec::with_capacity(n);
    for i in 0..(n + n / 10) {
        let t = std::time::Instant::now();
        if let Some(input) = &input {
            engine.set_input(input.clone());
        }
        engine.eval_query(query.to_string(), false)?;
        let _ = engine.take_prints();
        if i >= n / 10 {
            eval.push(t.elapsed().as_nanos());
        }
    }
    parse.sort_unstable();
    eval.sort_unstable();
    Ok((parse[parse.len() / 2], eval[eval.len() / 2]))
}

fn main() {
    // Quiet panics: they are reported per case as errors.
    panic::set_hook(Box::new(|_| {}));
    // Deeply recursive policies must not overflow the main thread's small stack.
    let worker = std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(run)
        .expect("spawn worker thread");
    match worker.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            eprintln!("regorus-cli: {e:#}");
            std::process::exit(1);
        }
        Err(_) => {
            eprintln!("regorus-cli: worker thread panicked");
            std::process::exit(1);
        }
    }
}

fn run() -> anyhow::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for (lineno, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let mut reply = Map::new();
        match serde_json::from_str::<Json>(&line) {
            Ok(Json::Object(case)) => {
                reply.insert("id".into(), case.get("id").cloned().unwrap_or(Json::Null));
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| run_case(&case)))
                    .unwrap_or_else(|p| {
                        let msg = p
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_else(|| "unknown".into());
                        Outcome { value: None, prints: vec![], error: Some(format!("panic: {msg}")) }
                    });
                if let Some(v) = outcome.value {
                    reply.insert("value".into(), v);
                }
                reply.insert("prints".into(), json!(outcome.prints));
                if let Some(e) = outcome.error {
                    reply.insert("error".into(), Json::String(e));
                }
                if let Some(n) = case.get("bench").and_then(Json::as_u64) {
                    let (parse_ns, eval_ns) = bench_case(&case, n.max(1) as usize)?;
                    reply.insert("parse_ns".into(), json!(parse_ns));
                    reply.insert("eval_ns".into(), json!(eval_ns));
                }
            }
            Ok(_) => {
                reply.insert("id".into(), Json::Null);
                reply.insert("prints".into(), json!([]));
                reply.insert("error".into(), json!(format!("line {}: not a JSON object", lineno + 1)));
            }
            Err(e) => {
                reply.insert("id".into(), Json::Null);
                reply.insert("prints".into(), json!([]));
                reply.insert("error".into(), json!(format!("line {}: bad JSON: {e}", lineno + 1)));
            }
        }
        serde_json::to_writer(&mut out, &Json::Object(reply))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

#include "sim/experiment/results_store.h"

#include <sqlite3.h>

#include "analysis/run_files.h"
#include "sim/experiment/run_codec.h"

namespace escalade::experiment {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs(
  scenario_sha256 TEXT NOT NULL, seed INTEGER NOT NULL, policy TEXT NOT NULL,
  point INTEGER NOT NULL, replication INTEGER NOT NULL,
  outcome BLOB NOT NULL, finished_utc TEXT NOT NULL,
  PRIMARY KEY(scenario_sha256, seed, policy, point, replication));
CREATE TABLE IF NOT EXISTS metrics(
  scenario_sha256 TEXT NOT NULL, seed INTEGER NOT NULL, policy TEXT NOT NULL,
  point INTEGER NOT NULL, replication INTEGER NOT NULL, metric TEXT NOT NULL, value REAL,
  PRIMARY KEY(scenario_sha256, seed, policy, point, replication, metric));
CREATE TABLE IF NOT EXISTS points(
  scenario_sha256 TEXT NOT NULL, point INTEGER NOT NULL, parameter TEXT NOT NULL, value TEXT,
  PRIMARY KEY(scenario_sha256, point, parameter));
CREATE TABLE IF NOT EXISTS store_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS manifests(
  id INTEGER PRIMARY KEY AUTOINCREMENT, scenario_sha256 TEXT NOT NULL,
  written_utc TEXT NOT NULL, json TEXT NOT NULL);
)sql";

// A prepared statement, finalised on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) == SQLITE_OK; }
  ~Statement() { sqlite3_finalize(s_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return ok_; }
  sqlite3_stmt* get() { return s_; }
  void Text(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  void Int(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Key(const RunKey& k) {
    Text(1, k.scenario_sha256);
    Int(2, static_cast<std::int64_t>(k.seed));
    Text(3, k.policy);
    Int(4, k.point);
    Int(5, k.replication);
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  bool ok_ = false;
};

// The code of an SQLite failure: a file that is not a results store (or a damaged one) is
// bad input, with a hint; the disk, the file system or a lock is I/O (a full disk is exit
// 1, as for any output file); anything else is a misuse, internal.
kernel::Status StoreStatus(int code, const std::string& message) {
  switch (code & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_ERROR:
    case SQLITE_SCHEMA:
    case SQLITE_MISMATCH:
    case SQLITE_CONSTRAINT:
      return kernel::Status::BadInput(message + " (is it an escalade results store?)");
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
      return kernel::Status::Io(message);
    default:
      return kernel::Status::Internal(message);
  }
}

}  // namespace

kernel::Result<std::unique_ptr<ResultsStore>> ResultsStore::Open(const std::string& path,
                                                                 const std::string& build) {
  sqlite3* db = nullptr;
  if (const int opened =
          sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
      opened != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return kernel::Status::Io("cannot open the results store " + path + ": " + message);
  }
  std::unique_ptr<ResultsStore> store(new ResultsStore(path, db));
  sqlite3_busy_timeout(db, 10000);
  // WAL: a killed writer leaves the file consistent; the last committed run survives.
  if (kernel::Status s = store->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
      !s.ok()) {
    return s;
  }
  if (kernel::Status s = store->Exec(kSchema); !s.ok()) return s;
  // The build that made the runs: recorded by the first writer; a store with runs but no
  // record predates the record and is treated as another build's.
  std::string stored;
  {
    Statement select(db, "SELECT value FROM store_info WHERE key = 'build'");
    if (!select.ok()) return store->Error("reading the store's build");
    if (sqlite3_step(select.get()) == SQLITE_ROW) {
      stored = reinterpret_cast<const char*>(sqlite3_column_text(select.get(), 0));
    }
  }
  if (stored.empty()) {
    kernel::Result<std::int64_t> runs = store->CountAllRuns();
    if (!runs.ok()) return runs.status();
    if (*runs > 0) stored = "an escalade build that did not record itself";
  }
  if (!stored.empty() && stored != build) {
    return kernel::Status::BadInput(
        "the results store " + path + " holds runs of " + stored + "; this is escalade " + build +
        ". Runs are reused only by the build that computed them (the same scenario, "
        "seed and build give the same bytes; another build may not). Use another --db, or "
        "delete " +
        path + " to start again.");
  }
  if (stored.empty()) {
    Statement insert(db, "INSERT OR REPLACE INTO store_info(key, value) VALUES('build', ?1)");
    insert.Text(1, build);
    if (!insert.ok() || sqlite3_step(insert.get()) != SQLITE_DONE) {
      return store->Error("recording the store's build");
    }
  }
  return store;
}

ResultsStore::~ResultsStore() { sqlite3_close(db_); }

kernel::Status ResultsStore::Error(const std::string& what) {
  return StoreStatus(sqlite3_errcode(db_),
                     "results store " + path_ + ": " + what + ": " + sqlite3_errmsg(db_));
}

kernel::Status ResultsStore::Exec(const char* sql) {
  char* message = nullptr;
  if (const int code = sqlite3_exec(db_, sql, nullptr, nullptr, &message); code != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    return StoreStatus(sqlite3_extended_errcode(db_), "results store " + path_ + ": " + text);
  }
  return kernel::Status::Ok();
}

kernel::Status ResultsStore::PutPoint(const std::string& scenario_sha256, int point,
                                      const std::vector<std::string>& parameters,
                                      const std::vector<std::string>& values) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (kernel::Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  Statement insert(db_, "INSERT OR IGNORE INTO points VALUES(?1, ?2, ?3, ?4)");
  if (!insert.ok()) return Error("prepare");
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    insert.Text(1, scenario_sha256);
    insert.Int(2, point);
    insert.Text(3, parameters[k]);
    insert.Text(4, values[k]);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) {
      Exec("ROLLBACK");
      return Error("store a sweep point");
    }
    sqlite3_reset(insert.get());
  }
  return Exec("COMMIT");
}

kernel::Status ResultsStore::PutRun(const RunKey& key, const RunOutcome& outcome) {
  const std::string blob = EncodeOutcome(outcome);
  const std::string now = analysis::UtcNow();
  std::lock_guard<std::mutex> lock(mutex_);
  if (kernel::Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  auto fail = [&](const char* what) {
    kernel::Status error = Error(what);
    Exec("ROLLBACK");
    return error;
  };
  Statement run(db_, "INSERT OR IGNORE INTO runs VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!run.ok()) return fail("prepare");
  run.Key(key);
  sqlite3_bind_blob(run.get(), 6, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  run.Text(7, now);
  if (sqlite3_step(run.get()) != SQLITE_DONE) return fail("store a run");
  if (sqlite3_changes(db_) == 1) {  // new: its metrics too
    Statement metric(db_, "INSERT OR IGNORE INTO metrics VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!metric.ok()) return fail("prepare");
    for (const analysis::Metric& m : outcome.metrics) {
      metric.Key(key);
      metric.Text(6, m.name);
      sqlite3_bind_double(metric.get(), 7, m.value);
      if (sqlite3_step(metric.get()) != SQLITE_DONE) return fail("store a metric");
      sqlite3_reset(metric.get());
    }
  }
  return Exec("COMMIT");
}

kernel::Result<std::optional<RunOutcome>> ResultsStore::GetRun(const RunKey& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(db_,
                   "SELECT outcome FROM runs WHERE scenario_sha256 = ?1 AND seed = ?2 AND "
                   "policy = ?3 AND point = ?4 AND replication = ?5");
  if (!select.ok()) return Error("prepare");
  select.Key(key);
  const int step = sqlite3_step(select.get());
  if (step == SQLITE_DONE) return std::optional<RunOutcome>();
  if (step != SQLITE_ROW) return Error("read a run");
  const void* data = sqlite3_column_blob(select.get(), 0);
  const int size = sqlite3_column_bytes(select.get(), 0);
  kernel::Result<RunOutcome> outcome =
      DecodeOutcome(std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size)));
  if (!outcome.ok()) {
    return outcome.status().WithPrefix(path_ + ": " + key.policy + " point " +
                                       std::to_string(key.point) + " replication " +
                                       std::to_string(key.replication) + ": ");
  }
  return std::optional<RunOutcome>(std::move(outcome).value());
}

kernel::Status ResultsStore::PutManifest(const std::string& scenario_sha256,
                                         const std::string& json) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement insert(db_, "INSERT INTO manifests(scenario_sha256, written_utc, json) VALUES(?1, ?2, ?3)");
  if (!insert.ok()) return Error("prepare");
  insert.Text(1, scenario_sha256);
  insert.Text(2, analysis::UtcNow());
  insert.Text(3, json);
  if (sqlite3_step(insert.get()) != SQLITE_DONE) return Error("store the manifest");
  return kernel::Status::Ok();
}

kernel::Result<std::int64_t> ResultsStore::CountAllRuns() {
  Statement count(db_, "SELECT COUNT(*) FROM runs");
  if (!count.ok() || sqlite3_step(count.get()) != SQLITE_ROW) return Error("counting runs");
  return static_cast<std::int64_t>(sqlite3_column_int64(count.get(), 0));
}

kernel::Result<std::int64_t> ResultsStore::CountRuns(const std::string& scenario_sha256,
                                                      std::uint64_t seed) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement count(db_, "SELECT COUNT(*) FROM runs WHERE scenario_sha256 = ?1 AND seed = ?2");
  if (!count.ok()) return Error("prepare");
  count.Text(1, scenario_sha256);
  count.Int(2, static_cast<std::int64_t>(seed));
  if (sqlite3_step(count.get()) != SQLITE_ROW) return Error("count runs");
  return static_cast<std::int64_t>(sqlite3_column_int64(count.get(), 0));
}

kernel::Result<int> ResultsStore::FindOrAddPoint(const std::string& scenario_sha256,
                                                const std::string& parameter,
                                                const std::string& value, int first_point) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (kernel::Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  auto fail = [&](const char* what) {
    kernel::Status error = Error(what);
    Exec("ROLLBACK");
    return error;
  };
  Statement find(db_, "SELECT point FROM points WHERE scenario_sha256 = ?1 AND parameter = ?2 "
                      "AND value = ?3 AND point >= ?4 ORDER BY point LIMIT 1");
  if (!find.ok()) return fail("prepare");
  find.Text(1, scenario_sha256);
  find.Text(2, parameter);
  find.Text(3, value);
  find.Int(4, first_point);
  int step = sqlite3_step(find.get());
  if (step == SQLITE_ROW) {
    const int point = sqlite3_column_int(find.get(), 0);
    if (kernel::Status s = Exec("COMMIT"); !s.ok()) return s;
    return point;
  }
  if (step != SQLITE_DONE) return fail("find a point");
  Statement last(db_, "SELECT MAX(point) FROM points WHERE scenario_sha256 = ?1 AND point >= ?2");
  if (!last.ok()) return fail("prepare");
  last.Text(1, scenario_sha256);
  last.Int(2, first_point);
  if (sqlite3_step(last.get()) != SQLITE_ROW) return fail("find a point");
  const int point = sqlite3_column_type(last.get(), 0) == SQLITE_NULL
                        ? first_point
                        : sqlite3_column_int(last.get(), 0) + 1;
  Statement insert(db_, "INSERT INTO points VALUES(?1, ?2, ?3, ?4)");
  if (!insert.ok()) return fail("prepare");
  insert.Text(1, scenario_sha256);
  insert.Int(2, point);
  insert.Text(3, parameter);
  insert.Text(4, value);
  if (sqlite3_step(insert.get()) != SQLITE_DONE) return fail("store a point");
  if (kernel::Status s = Exec("COMMIT"); !s.ok()) return s;
  return point;
}

}  // namespace escalade::experiment

//! Where costplan's bytes go: the one writer of files and stdout, and the one writer of stderr.
//!
//! - [`write_output`] / [`write_file`]: a report (`-o`) or a price table. A regular file (or a new
//!   path) is written atomically: a temporary file beside it, synced, then renamed over it. Anything
//!   else (`/dev/null`, `/dev/full`, a named pipe, `/dev/stdout`, any path under `/dev` or `/proc`)
//!   is written into, never replaced. Any failure is [`Error::Write`] naming the path (exit 4).
//! - [`note_input`] / [`refuse_inputs`]: a command's own inputs can never be its output (exit 2,
//!   before anything is written), compared by device and inode, so symlinks and `./` don't hide it.
//! - [`create_temporary`], [`create_dir`]: the download's temporary files and the table folder.
//! - [`warn`]: every diagnostic line on stderr; a stderr that cannot be written is ignored.

use crate::error::{Diagnostic, Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where output goes: `None` or `-` is stdout.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        None => write_stdout(bytes),
        Some(p) if p.as_os_str() == "-" => write_stdout(bytes),
        Some(p) => write_file(p, bytes),
    }
}

/// Writes to stdout; a reader that went away (`| head`) ends the output quietly.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = StdoutWriter;
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(|source| write_error(Path::new(STDOUT), source))
}

/// How stdout is named in messages.
pub const STDOUT: &str = "<stdout>";

/// Stdout as a [`Write`]: a reader that went away (`| head`) swallows the rest quietly, as
/// [`write_stdout`] does; any other failure (`> /dev/full`) is an error.
pub struct StdoutWriter;

impl Write for StdoutWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::io::stdout().lock().write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(buf.len()),
            other => other,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match std::io::stdout().lock().flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

/// The error for a write to `path` that failed (exit 4).
pub fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.display().to_string(),
        source,
    }
}

/// Writes a file: atomically ([`write_atomic`]) when it is a regular file or does not exist yet,
/// into it ([`write_into`]) when it is anything else. A symlink to a regular file keeps its link:
/// the file it points to is replaced. Refused (exit 2) when the file is one of the command's
/// inputs ([`note_input`]).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_noted_inputs(path)?;
    match target(path) {
        Target::Replace(file) => write_atomic(&file, bytes).map_err(|e| match e {
            // named as the user wrote it, not as the link resolves
            Error::Write { source, .. } => write_error(path, source),
            other => other,
        }),
        Target::Into { append } => write_into(path, bytes, append),
    }
}

/// How a path is written.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A regular file or a new path: replaced atomically (this file: a symlink resolved).
    Replace(PathBuf),
    /// A device, pipe or socket, or a path under `/dev` or `/proc`: opened and written into;
    /// appended to when that is a regular file (`-o /dev/stdout >> log` keeps the log).
    Into { append: bool },
}

fn target(path: &Path) -> Target {
    let system = |p: &Path| p.starts_with("/dev") || p.starts_with("/proc");
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Target::Into { append: false },
        Ok(_) => match std::fs::canonicalize(path) {
            Ok(real) if !system(path) && !system(&real) => Target::Replace(real),
            // `/dev/stdout` redirected to a file (`> out.txt`, `>> log`): written into at its end,
            // where the shell's own writes would go
            _ => Target::Into { append: true },
        },
        Err(_) if system(path) => Target::Into { append: false },
        Err(_) => Target::Replace(path.to_path_buf()),
    }
}

/// Opens an existing path that is not a regular file (or is one reached through `/dev`/`/proc`)
/// and writes into it: a named pipe's reader gets the bytes, `/dev/null` stays a device. A pipe
/// opens once a reader does, as with the shell's `> fifo`.
fn write_into(path: &Path, bytes: &[u8], append: bool) -> Result<()> {
    let err = |source| write_error(path, source);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .append(append)
        .open(path)
        .map_err(err)?;
    file.write_all(bytes)
        .and_then(|_| file.flush())
        .map_err(err)
}

/// The files the running command reads as its inputs (device and inode, and the name given).
static INPUTS: Mutex<Vec<(FileId, PathBuf)>> = Mutex::new(Vec::new());

/// What identifies a file whatever the path to it: device and inode on Unix, the canonical path
/// elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileId((meta.dev(), meta.ino())))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileId)
    }
}

/// Records `path` as an input of the running command: [`write_file`] refuses to write over it.
/// A path that does not exist (yet) is not recorded: reading it fails on its own.
pub fn note_input(path: &Path) {
    if let Some(id) = file_id(path)
        && let Ok(mut inputs) = INPUTS.lock()
    {
        inputs.push((id, path.to_path_buf()));
    }
}

/// Records `inputs` ([`note_input`]) and refuses `output` at once when it is one of them, so a
/// command stops before reading or writing anything (exit 2).
pub fn refuse_inputs(output: Option<&Path>, inputs: &[&Path]) -> Result<()> {
    for input in inputs {
        note_input(input);
    }
    match output {
        Some(p) if p.as_os_str() != "-" => refuse_noted_inputs(p),
        _ => Ok(()),
    }
}

/// Exit 2 when `output` is a regular file the command reads as an input.
fn refuse_noted_inputs(output: &Path) -> Result<()> {
    let regular = std::fs::metadata(output).is_ok_and(|m| m.is_file());
    let Some(id) = file_id(output).filter(|_| regular) else {
        return Ok(());
    };
    let inputs = INPUTS.lock().map(|i| i.clone()).unwrap_or_default();
    // re-identified now: a recorded input since deleted (its inode reused) is no longer one
    let found = inputs
        .into_iter()
        .find(|(input, p)| *input == id && file_id(p).as_ref() == Some(input));
    match found {
        None => Ok(()),
        Some((_, input)) => Err(Diagnostic {
            path: output.display().to_string(),
            line: 0,
            column: 0,
            message: format!(
                "the output is the input `{}`: writing it would destroy the input, so nothing was written",
                input.display()
            ),
            hint: Some("write the output to another file (`-o OTHER`) or to stdout".into()),
            excerpt: None,
        }
        .into()),
    }
}

/// Creates a new file at `path` for a download in progress (it must not exist).
pub fn create_temporary(path: &Path) -> Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| write_error(path, source))
}

/// Creates a folder output is written to, and its parents.
pub fn create_dir(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|source| write_error(path, source))
}

/// Writes one diagnostic line (a warning, an error, a breached gate) to stderr, with control
/// characters shown escaped ([`crate::text::terminal_safe`]). Every `eprintln!` of costplan is
/// this: a stderr that is closed or full is ignored, never a panic.
pub fn warn(line: &str) {
    warn_raw(&format!("{}\n", crate::text::terminal_safe(line)));
}

/// Writes text to stderr as it is (already made safe by the caller), ignoring any failure.
pub fn warn_raw(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes a file so that readers see either the old content or the complete new one: a temporary
/// file in the same directory, flushed to disk, then renamed over the target. The file keeps the
/// mode of the file it replaces; a new file gets the mode any program would give it (`0666` less
/// the umask, so `0644` under the usual umask `022`), not the temporary file's private `0600`.
/// On any failure the previous file is untouched and the temporary file removed.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |source: std::io::Error| Error::Write {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // `.NAME.tmp-PID`: next to the target (so the rename is atomic), named after it, and unique
    // per process; created exclusively, so an existing file of that name fails the write
    // instead of being overwritten.
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.tmp-{}", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).rand_bytes(0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created through open(2), so the kernel applies the umask, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(err)?;
    if let Ok(existing) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(existing.permissions())
            .map_err(err)?;
    }
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        std::fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_the_mode_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{mode:o}");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_and_new_paths_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.txt");
        assert_eq!(target(&file), Target::Replace(file.clone()));
        std::fs::write(&file, "old").unwrap();
        let real = std::fs::canonicalize(&file).unwrap();
        assert_eq!(target(&file), Target::Replace(real.clone()));
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(target(&link), Target::Replace(real));
        assert_eq!(target(dir.path()), Target::Into { append: false });
        assert_eq!(
            target(Path::new("/dev/null")),
            Target::Into { append: false }
        );
    }

    #[test]
    fn failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing-dir").join("out.txt");
        assert!(write_atomic(&p, b"new").is_err());
    }
}

fn main() -> std::process::ExitCode {
    contour::cli::main()
}

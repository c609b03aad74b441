//! `dckit-mock`: the mock server binary.

fn main() {
    println!("dckit-mock: not yet");
}

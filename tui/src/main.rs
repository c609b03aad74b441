//! `dckit`: the terminal admin console.

fn main() {
    println!("dckit: not yet");
}

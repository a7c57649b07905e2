import ArgumentParser
import MeshCLI

/// The `meshsim` executable: runs the async command tree.
@main
struct MeshSimMain {
    static func main() async {
        await MeshSim.main()
    }
}

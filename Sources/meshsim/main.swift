import MeshCLI

await MeshSim.main()

import BallastCLI

BallastMain.main()

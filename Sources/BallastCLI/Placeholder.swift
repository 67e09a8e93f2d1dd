import ArgumentParser
import Ballast

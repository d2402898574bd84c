// Writes (to the file named by the first argument) the 128-D descriptor that face-api.js@0.10.0's own TF.js model (CPU backend) computes for the
// test chip below, as JSON. The Java engine's ReferenceDescriptorTest generates the same chip and must agree.
const fs = require('fs')
const path = require('path')
const tf = require('@tensorflow/tfjs-core')
const faceapi = require('face-api.js')

// 150x150 RGB, integer values 0..255: Java generates exactly the same bytes (ReferenceChip).
function chip() {
  const data = new Float32Array(150 * 150 * 3)
  for (let y = 0; y < 150; y++) {
    for (let x = 0; x < 150; x++) {
      for (let c = 0; c < 3; c++) {
        data[(y * 150 + x) * 3 + c] = (x * 7 + y * 13 + c * 71 + ((x * y) % 31) * 5) % 256
      }
    }
  }
  return data
}

async function main() {
  tf.setBackend('cpu')
  const weightsFile = path.join(__dirname, 'node_modules/face-api.js/weights_uncompressed/face_recognition_model.weights')
  const buf = fs.readFileSync(weightsFile)
  const weights = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4)
  const net = faceapi.createFaceRecognitionNet(weights)
  const input = tf.tensor4d(chip(), [1, 150, 150, 3])
  const out = net.forwardInput(await faceapi.toNetInput(input, true))
  const descriptor = Array.from(await out.data())
  fs.writeFileSync(process.argv[2], JSON.stringify({
    source: 'face-api.js@0.10.0 FaceRecognitionNet, @tensorflow/tfjs-core@' + tf.version_core + ' cpu backend',
    chip: '(x*7 + y*13 + c*71 + ((x*y) % 31)*5) % 256, 150x150 RGB',
    descriptor
  }, null, 1) + '\n')
}

main().catch(e => { console.error(e); process.exit(1) })
